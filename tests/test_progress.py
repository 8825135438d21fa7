import io
import sys

import pytest

from jaen_align.progress import MIN_ITEMS_FOR_BAR, progress_bar


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _stderr_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> _Terminal:
    # set inside the test: pytest's output capture re-binds sys.stderr after fixtures run
    fake = _Terminal()
    monkeypatch.setattr(sys, "stderr", fake)
    return fake


def test_a_long_stage_on_a_terminal_draws_a_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _stderr_on_a_terminal(monkeypatch)
    bar = progress_bar(MIN_ITEMS_FOR_BAR * 2, desc="embedding", unit="seg", enabled=True)
    bar.update(MIN_ITEMS_FOR_BAR)
    bar.close()
    assert "embedding" in terminal.getvalue()


@pytest.mark.parametrize(("total", "enabled"), [(MIN_ITEMS_FOR_BAR - 1, True), (1000, False)])
def test_short_or_quiet_stages_draw_nothing(monkeypatch: pytest.MonkeyPatch, total: int, enabled: bool) -> None:
    terminal = _stderr_on_a_terminal(monkeypatch)
    bar = progress_bar(total, desc="embedding", unit="seg", enabled=enabled)
    bar.update(total)
    bar.close()
    assert terminal.getvalue() == ""


def test_nothing_is_drawn_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    redirected = io.StringIO()
    monkeypatch.setattr(sys, "stderr", redirected)
    bar = progress_bar(None, desc="translating", unit="line", enabled=True)
    bar.update(10_000)
    bar.close()
    assert redirected.getvalue() == ""
