"""What needs a person now, on the demo in a real browser at 1280×900: the planning office's home counts the
demo's pending items, each count a link to the list filtered to exactly them; a referent's home shows their
cards with their deadlines above the fold; axe-core checks every page on the way."""
import re

import pytest

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "demo"
FOLD = 900
# What each filtered list shows one of per item counted (the next meeting's count is its free places).
ITEMS = {"cards-to-review": "main table tbody tr", "cards-late": "main table tbody tr",
         "blog-comments": "main ol article", "draft-comments": "section[aria-labelledby=moderation-title] article",
         "drafts-with-amendments": "#drafts tbody tr", "registrations-pending": "#registrations tbody tr"}


@pytest.fixture(scope="module")
def server(serve):
    return serve("worklist", None, pdz=[["demo", "--no-serve"]])


def test_the_office_home_counts_the_demos_pending_items_each_a_link_to_them(page, login, visit,
                                                                            assert_accessible):
    login("ufficio@demo.pdz", DEMO_PASSWORD)
    page.goto("/gestione/")
    page.wait_for_url(re.compile(r"/gestione/[^/]+/$"))
    assert_accessible(page, "office home")
    worklist = page.locator("#worklist")
    assert worklist.is_visible()
    items = [(link.get_attribute("data-work"), link.locator("[data-count]").get_attribute("data-count"),
              link.get_attribute("href")) for link in worklist.locator("a.pdz-work-item").all()]
    counts = {key: int(count) for key, count, _href in items if count}
    # The demo: a blog comment and a draft comment wait for moderation, the draft has an amendment to decide,
    # the trial meeting of late December has free places; its 2015 campaign is closed and every card approved.
    assert counts["blog-comments"] == 1 and counts["draft-comments"] == 1
    assert counts["drafts-with-amendments"] == 1 and counts["next-meeting"] > 0
    quiet = {link.get_attribute("data-work") for link in worklist.locator(".pdz-work-quiet a").all()}
    assert {"cards-to-review", "cards-late"} <= quiet
    assert worklist.bounding_box()["y"] < FOLD

    for key, count, href in items:
        if key not in ITEMS:
            continue
        visit(href)
        assert page.locator(ITEMS[key]).count() == int(count), key
        if key in ("drafts-with-amendments", "registrations-pending", "cards-to-review", "cards-late"):
            assert page.locator("#filtered-notice").is_visible(), key


def test_the_referents_home_lists_their_cards_with_deadlines_above_the_fold(page, login, assert_accessible):
    login("referente@demo.pdz", DEMO_PASSWORD)
    page.goto("/gestione/")
    page.wait_for_url(re.compile(r"/gestione/[^/]+/$"))
    assert_accessible(page, "referent home")
    rows = page.locator("#my-cards-table tbody tr")
    assert rows.count() == 2          # the demo's referent refers the first two actions
    for row in rows.all():
        deadline = row.locator(".pdz-card-deadline")
        assert re.search(r"\d{4}", deadline.inner_text())
        box = deadline.bounding_box()
        assert box is not None and box["y"] + box["height"] < FOLD
