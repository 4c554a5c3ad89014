// Runs before Bootstrap Italia's bundle. Its video player (video.js) would inject an inline <style> when the
// page loads, which the Content-Security-Policy (no 'unsafe-inline') refuses; this documented switch turns
// that off (no page of ours plays video).
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
