// The clicker's keys reach the deck whatever has the focus (pages/4_Talk.py, review 13).
// Streamlit ignores a button's shortcut while a text box has the focus when the key is one the
// box could use (PageDown, PageUp, the arrows), and a segmented control keeps the arrows and Space
// for itself: a speaker who typed an image size, or clicked a colour or a side, pressed the
// clicker and the slide stayed. Run once per tab (Streamlit keeps the document between pages);
// it does nothing on a page without the deck's buttons.
(() => {
  if (window.talkClickerKeys) return;
  window.talkClickerKeys = true;
  const deck = (move) => document.querySelector(`.st-key-talk-${move} button`);
  // A single-line box has no use for PageDown and PageUp: they step the deck. The box is left
  // first, so that what was typed is handed in (as Enter would) before the step changes.
  document.addEventListener("keydown", (event) => {
    const move = { PageDown: "next", PageUp: "back" }[event.key];
    const box = event.target;
    if (!move || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (!(box instanceof HTMLInputElement) || !deck(move)) return;
    event.preventDefault();
    box.blur();
    setTimeout(() => deck(move).click(), 0);
  }, true);
  // A choice clicked with the pointer lets go of the focus, so the arrows and Space step the
  // deck again; a choice reached with Tab keeps it (its arrows move among the choices).
  document.addEventListener("click", (event) => {
    const choice = event.target instanceof Element && event.target.closest('[role="radio"]');
    if (!choice || event.detail === 0 || !deck("next")) return;
    setTimeout(() => choice.blur(), 0);
  }, true);
})();
