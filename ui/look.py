"""How the web app looks: a warm theme whose fonts are served locally, and a little CSS."""

from __future__ import annotations

from typing import Any

TITLE = "cowriter"

CSS = """
#masthead { padding: 4px 2px 0 2px; }
#masthead h1 { margin: 0; font-size: 1.55rem; letter-spacing: -0.01em; }
#masthead p { margin: 2px 0 0 0; opacity: 0.75; }
#chat { border-radius: 12px; }
#chat .message-wrap .message { font-size: 0.98rem; }
#chat-row { align-items: stretch; }
#send { min-width: 96px; }
#sheet {
  max-height: 430px; overflow-y: auto; padding: 10px 14px;
  border: 1px solid var(--border-color-primary); border-radius: 12px;
  background: var(--background-fill-secondary);
}
#sheet h1 { font-size: 1.35rem; margin: 0 0 4px 0; }
#sheet blockquote { margin: 0 0 0 1.4em; padding: 0 0 0 8px; font-style: italic; border-left-width: 2px; }
#sheet ol { padding-left: 1.2em; }
#head-caption { min-height: 1.5em; }
#versions { font-size: 0.9rem; }
#versions .body-cell, #versions .body-cell *, #versions th, #versions th * { font-family: var(--font) !important; }
#project-row { align-items: flex-end; }
#create-project { margin-bottom: 6px; }
#download-row { flex-wrap: nowrap; gap: 6px; }
#download-row button { min-width: 0 !important; padding-left: 4px; padding-right: 4px; }
#notice { min-height: 1.2em; }
.panel-title h3 { margin: 8px 0 2px 0; }
#models-hint p { margin: 2px 0 0 2px; font-size: 0.85rem; opacity: 0.8; }
#models-machine p { margin: 0; font-size: 0.85rem; opacity: 0.8; }
#models-list { font-size: 0.85rem; }
#models-list .body-cell, #models-list .body-cell *, #models-list th, #models-list th * { font-family: var(--font) !important; }
#models-progress .models-bar {
  height: 10px; border-radius: 5px; overflow: hidden;
  background: var(--background-fill-secondary); border: 1px solid var(--border-color-primary);
}
#models-progress .models-fill { height: 100%; background: var(--color-accent); transition: width 0.2s linear; }
#models-progress .models-line { font-size: 0.85rem; margin-top: 2px; }
#models-progress .models-percent { font-weight: 600; }
#models-actions { align-items: flex-end; }
#models-actions button { margin-bottom: 6px; }
#models-status p { margin: 0; min-height: 1.2em; }
footer { display: none !important; }
"""


def theme() -> Any:
    """The app's theme: the default one, warmed up; its fonts are local, so the page fetches nothing."""
    import gradio as gr

    return gr.themes.Default(primary_hue="amber", secondary_hue="orange", neutral_hue="stone", radius_size="md")
