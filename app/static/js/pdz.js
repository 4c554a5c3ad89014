// Site-wide behaviour. Bootstrap Italia's fonts come from css/fonts.css: its loadFonts() would inject an
// inline <style>, which the Content-Security-Policy (no 'unsafe-inline') refuses.
