"""What every page needs from the window: the core stores, the look, navigation.

Also the Location, one place in the reader's history.

Pages get this one object instead of a reference to the main window, so a
page can be built and tested alone and never reaches into window internals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reader.core.library.store import Library
from reader.core.personal.store import PersonalData
from reader.ui.settings import Preferences
from reader.ui.theme import THEMES, Look, Theme, document_css, look_of


@dataclass(frozen=True)
class Location:
    """A place in the reader's history."""

    # "home", "category", "article", "search", "page", "bookmarks", "notes",
    # "withdrawn" (a note or bookmark about an article no longer in the library)
    kind: str
    key: str = ""  # slug, article id, query or page id
    # "withdrawn" only: the list it was opened from ("bookmarks" or "notes"), which
    # its breadcrumb leads back to; kept here so that Back and Forward keep it too.
    via: str = ""

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


HOME = Location("home")


def unguarded(job: Callable[[], Any], fallback: Any) -> Any:
    """A read with no guard (a page built alone, in a test): `job()` itself."""
    del fallback
    return job()


@dataclass
class AppContext:
    """What every page may use: the stores, the preferences, navigation and links."""

    library: Library
    personal: PersonalData
    prefs: Preferences
    navigate: Callable[[Location], None]
    open_link: Callable[[str], None]
    # The category the reader last browsed: an article's "Back to ..." leads there.
    last_category: str | None = None
    # What this machine lets a reader do; a clinic kiosk turns these off.
    web_links: bool = True  # a button that opens a web address (DOI) in the browser
    printing: bool = True
    paper_only: bool = False  # printing goes to paper, never to a PDF file: no "save as PDF"
    updates_offered: bool = True  # Menu > Update library (not on a kiosk: staff update)
    # read(job, fallback): job(), or fallback when the library file cannot be
    # read, which the window then says (reader.ui.library_trouble).
    read: Callable[[Callable[[], Any], Any], Any] = unguarded

    def theme(self) -> Theme:
        return THEMES[self.prefs.theme]

    def scale(self) -> float:
        return self.prefs.scale

    def look(self) -> Look:
        return look_of(self.prefs)

    def css(self) -> str:
        return document_css(self.look())

    def empty_library_remedy(self) -> str:
        """How summaries get into an empty library, where the reader is."""
        if self.updates_offered:
            return "Choose Menu, then Update library, to import summaries."
        return "Please tell the staff."  # a kiosk's Menu has no Update library
