/* An episode's "Scenes and songs" screen in the admin
   (templates/django/admin/wiki/episode/scenes.html): new scenes and cues come from the
   page's <template>s; scenes move by dragging their handle (pointer events), with "Move up" / "Move down",
   or with Alt+ArrowUp / Alt+ArrowDown inside a scene. The hidden positions follow the order
   on the screen, and every move is announced in the page's live region. */
"use strict";
(() => {
  const form = document.getElementById("episode_scenes_form");
  if (!form) return;
  const list = document.getElementById("scene-list");
  const status = document.getElementById("editor-status");
  const total = (prefix) => form.querySelector(`[name="${prefix}-TOTAL_FORMS"]`);
  const cards = () => [...list.children].filter((node) => node.matches("[data-scene]"));
  const titleOf = (card) => {
    const title = card.querySelector(`[name="${card.dataset.prefix}-title"]`).value.trim();
    return title ? `“${title}”` : "The new scene";
  };

  function say(text) {
    status.textContent = "";
    window.setTimeout(() => { status.textContent = text; }, 100);  // a repeated text is announced again
  }

  function renumber() {
    cards().forEach((card, index) => {
      card.querySelector(`[name="${card.dataset.prefix}-position"]`).value = index + 1;
      card.querySelector("[data-scene-number]").textContent = index + 1;
    });
  }

  function moved(card) {
    const all = cards();
    say(`${titleOf(card)} is now scene ${all.indexOf(card) + 1} of ${all.length}.`);
  }

  function move(card, offset) {
    const all = cards();
    const target = all[all.indexOf(card) + offset];
    if (!target) {
      say(`${titleOf(card)} is already ${offset < 0 ? "the first" : "the last"} scene.`);
      return;
    }
    const focused = document.activeElement;
    if (offset < 0) target.before(card); else target.after(card);
    renumber();
    if (focused && card.contains(focused)) focused.focus();  // moving a node drops its focus
    moved(card);
  }

  function fromTemplate(id, placeholder, prefix) {
    const html = document.getElementById(id).innerHTML.replaceAll(placeholder, prefix);
    const holder = document.createElement("template");
    holder.innerHTML = html.trim();
    return holder.content.firstElementChild;
  }

  function added(row, formsetName) {
    row.dispatchEvent(new CustomEvent("formset:added", { bubbles: true, detail: { formsetName } }));
  }

  function addScene(after) {
    const count = total("scenes");
    const prefix = `scenes-${count.value}`;
    const card = fromTemplate("scene-template", "scenes-__prefix__", prefix);
    count.value = Number(count.value) + 1;
    if (after) after.after(card); else list.append(card);
    renumber();
    added(card, "scenes");
    card.querySelector(`[name="${prefix}-title"]`).focus();
    const all = cards();
    say(`New scene added: scene ${all.indexOf(card) + 1} of ${all.length}.`);
  }

  function addCue(card) {
    const cues = `${card.dataset.prefix}-cues`;
    const count = total(cues);
    const row = fromTemplate("cue-template", "scenes-__prefix__-cues-__prefix__", `${cues}-${count.value}`);
    count.value = Number(count.value) + 1;
    const rows = card.querySelector("[data-cue-list]");
    rows.append(row);
    row.querySelector("[data-cue-number]").textContent = rows.children.length;
    added(row, cues);  // the admin's autocomplete.js sets up the song's widget
    (row.querySelector(".select2-selection") || row.querySelector("select")).focus();
    say(`Song cue ${rows.children.length} added to scene ${cards().indexOf(card) + 1}.`);
  }

  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-move], button[data-add-cue], button[data-add-scene]");
    if (!button) return;
    const card = button.closest("[data-scene]");
    if (button.dataset.move) move(card, Number(button.dataset.move));
    else if (button.hasAttribute("data-add-cue")) addCue(card);
    else addScene(card);
  });

  list.addEventListener("keydown", (event) => {
    if (!event.altKey || !["ArrowUp", "ArrowDown"].includes(event.key)) return;
    if (event.target.closest("select, .select2-container")) return;  // Alt+Arrow opens a list there
    event.preventDefault();
    move(event.target.closest("[data-scene]"), event.key === "ArrowUp" ? -1 : 1);
  });

  // Dragging by the handle with pointer events (mouse, pen and touch alike): the card follows
  // the pointer through the list, and its place is settled when the pointer is released.
  let dragged = null;
  list.addEventListener("pointerdown", (event) => {
    const handle = event.target.closest("[data-drag-handle]");
    if (!handle || event.button !== 0) return;
    event.preventDefault();
    dragged = handle.closest("[data-scene]");
    handle.setPointerCapture(event.pointerId);
    dragged.classList.add("is-dragged");
  });
  list.addEventListener("pointermove", (event) => {
    if (!dragged) return;
    const under = document.elementFromPoint(event.clientX, event.clientY);
    const over = under && under.closest("[data-scene]");
    if (!over || over === dragged || over.parentElement !== list) return;
    const all = cards();
    if (all.indexOf(dragged) < all.indexOf(over)) over.after(dragged); else over.before(dragged);
  });
  const drop = () => {
    if (!dragged) return;
    dragged.classList.remove("is-dragged");
    renumber();
    moved(dragged);
    dragged = null;
  };
  list.addEventListener("pointerup", drop);
  list.addEventListener("pointercancel", drop);
})();
