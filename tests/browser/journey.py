"""A journey through the platform as several people at once, for the long end-to-end stories: each person
in a browser profile of their own, every step checked by axe-core and kept as a numbered screenshot."""
from __future__ import annotations

import re
from pathlib import Path


def submit(page, button) -> int:
    """Click a submit button; the HTTP status of the page it leads to."""
    with page.expect_navigation() as navigation:
        button.click()
    return navigation.value.status


class Journey:
    """The people of the journey and the step counter. `outbox` is the office page listing the e-mails sent
    (invitations, confirmations), where the links people would receive are read."""

    def __init__(self, browser, url: str, axe, shots: Path, *, password: str, outbox: str):
        self.browser, self.url, self.axe, self.shots = browser, url, axe, shots
        self.password, self.outbox = password, outbox
        self.count = 0
        self.errors: list[str] = []
        self.contexts = []

    def person(self, email: str | None = None, password: str | None = None, **options):
        """A new person in a fresh browser profile, logged in when `email` is given."""
        options = {"viewport": {"width": 1280, "height": 900}, **options}
        context = self.browser.new_context(base_url=self.url, locale="it-IT", **options)
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        if email:
            page.goto("/login")
            form = page.locator("main form").filter(has=page.locator("input[name=password]"))
            form.locator("input[name=email]").fill(email)
            form.locator("input[name=password]").fill(password or self.password)
            form.locator("button[type=submit]").click()
            page.wait_for_load_state("load")
            assert "/login" not in page.url, f"{email} could not log in"
        return page

    def check(self, page, name: str):
        """axe-core on the page as it is, and its screenshot as step NN-name.png."""
        page.wait_for_load_state("load")
        self.count += 1
        page.screenshot(path=str(self.shots / f"{self.count:02d}-{name}.png"), full_page=True)
        violations = self.axe.run(page).response["violations"]
        assert not violations, f"axe on step {name} ({page.url}): " + "; ".join(
            f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in violations)

    def submit(self, page, button) -> int:
        return submit(page, button)

    def outbox_links(self, page, pattern: str) -> list[str]:
        page.goto(self.outbox)
        text = " ".join(page.locator("main pre").all_text_contents())
        return re.findall(pattern, text)

    def accept_invitation(self, link: str, step: str):
        """A new person opens the invitation link (a checked step) and chooses the journey's password."""
        page = self.person()
        page.goto(link)
        self.check(page, step)
        page.fill("#password", self.password)
        page.fill("#confirm", self.password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("load")
        return page

    def close(self):
        for context in self.contexts:
            context.close()
