// Article page: flash the sentence a side-list link jumps to, and turn a text selection
// into the "add a missed event" form. Offsets count Unicode code points, as Python does,
// over the text's textContent, which is exactly the stored article text.
(function () {
  "use strict";

  const text = document.getElementById("article-text");
  if (!text) return;

  function flashTarget() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    const marks = Array.from(text.querySelectorAll("mark[data-spans]")).filter(
      (mark) => mark.dataset.spans.split(" ").includes(id)
    );
    marks.forEach((mark) => mark.classList.add("flash-target"));
    window.setTimeout(() => marks.forEach((mark) => mark.classList.remove("flash-target")), 2500);
  }
  window.addEventListener("hashchange", flashTarget);
  flashTarget();

  const form = document.getElementById("add-event");
  if (!form) return;
  const preview = document.getElementById("selected-sentence");
  const chars = Array.from(text.textContent);

  function codePointOffset(node, offset) {
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(node, offset);
    return Array.from(range.toString()).length;
  }

  // The server's sentence bounds ([[start, end], ...], code points), from the same splitter
  // the extractor uses.
  let sentences = [];
  try {
    sentences = JSON.parse(text.dataset.sentences || "[]");
  } catch (error) {
    sentences = [];
  }

  // The whole sentences that the selection [start, end) touches; the selection itself when
  // it lies outside every sentence. Blank space at either end is left out.
  function sentenceAround(start, end) {
    const touched = sentences.filter(([s, e]) => s < end && e > start);
    if (touched.length) {
      start = Math.min(...touched.map(([s]) => s));
      end = Math.max(...touched.map(([, e]) => e));
    }
    while (start < end && /\s/.test(chars[start])) start++;
    while (end > start && /\s/.test(chars[end - 1])) end--;
    return [start, end];
  }

  function onSelect() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    const first = codePointOffset(range.startContainer, range.startOffset);
    const last = codePointOffset(range.endContainer, range.endOffset);
    if (last <= first) return;
    const [start, end] = sentenceAround(first, last);
    if (end <= start) return;
    const sentence = chars.slice(start, end).join("");
    form.elements.start.value = String(start);
    form.elements.end.value = String(end);
    form.elements.evidence.value = sentence;
    preview.textContent = sentence;
    form.hidden = false;
  }

  text.addEventListener("mouseup", onSelect);
  text.addEventListener("keyup", onSelect);
  document.getElementById("add-event-cancel").addEventListener("click", () => {
    form.hidden = true;
  });
})();
