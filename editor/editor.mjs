// The Run buttons' code editor: CodeMirror 6 with line numbers and Python
// highlighting, bundled into one module by `make install` (esbuild, from the
// versions in package-lock.json) and copied into the site by the build. The page
// imports it on a reader's first click on Edit; where it is missing, the block's
// plain textarea is the editor.
//
// Keys: Tab indents and Shift+Tab dedents, as in a code editor; Escape leaves the
// editor (the caller moves the focus to the block's Run button), so Tab never traps
// a keyboard user. The colours are the site's own code colours (Material's
// --md-code-hl-* variables), in both colour schemes.

import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { HighlightStyle, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { drawSelection, EditorView, keymap, lineNumbers } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

const colour = (name) => `var(--md-code-hl-${name}-color)`;

const SITE_COLOURS = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword], color: colour("keyword") },
  { tag: [t.string, t.special(t.string), t.docString], color: colour("string") },
  { tag: [t.number, t.bool, t.null], color: colour("number") },
  { tag: t.comment, color: colour("comment") },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: colour("function") },
  { tag: [t.definition(t.variableName), t.className, t.definition(t.className)], color: colour("name") },
  { tag: [t.operator, t.compareOperator, t.arithmeticOperator, t.logicOperator], color: colour("operator") },
  { tag: [t.punctuation, t.bracket, t.paren, t.squareBracket, t.brace], color: colour("punctuation") },
  { tag: [t.self, t.special(t.variableName)], color: colour("constant") },
]);

const LOOK = EditorView.theme({
  "&": {
    backgroundColor: "var(--md-code-bg-color)",
    color: "var(--md-code-fg-color)",
    fontSize: "inherit",
  },
  ".cm-scroller": { fontFamily: "var(--md-code-font-family)", lineHeight: "1.6" },
  ".cm-content": { caretColor: "var(--md-code-fg-color)" },
  ".cm-gutters": {
    backgroundColor: "var(--md-code-bg-color)",
    // the code's own colour, a quarter of the way to the background: 5:1 or more
    color: "color-mix(in srgb, var(--md-code-fg-color) 75%, var(--md-code-bg-color))",
    borderRight: "1px solid var(--md-default-fg-color--lightest)",
  },
  "&.cm-focused": { outline: "2px solid var(--md-accent-fg-color)" },
});

/**
 * An editor in `parent` holding `text`.
 * @param {{parent: Element, text: string, label: string,
 *          changed: (text: string) => void, leave: () => void}} options
 */
export function makeEditor({ parent, text, label, changed, leave }) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        python(),
        syntaxHighlighting(SITE_COLOURS),
        LOOK,
        keymap.of([
          { key: "Escape", run: () => (leave(), true) },
          indentWithTab,
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        EditorView.contentAttributes.of({
          "aria-label": label,
          autocapitalize: "off",
          spellcheck: "false",
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) changed(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    focus: () => view.focus(),
    text: () => view.state.doc.toString(),
    set(value) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
    },
  };
}
