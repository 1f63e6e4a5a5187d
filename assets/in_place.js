// The page's own HTML, changed in place (lib/ui/in_place.py says why): Streamlit calls this
// with the same element on every rerun that sends the block, and with the block's new HTML
// as `data`; only the nodes and attributes that differ from what the page shows are touched.

/** Elements never kept: what could run code, load a page or a font, post a form or restyle
 * the app. The app's blocks use none of them (the sanitiser of st.html drops the same). */
const DROPPED = new Set([
  "script", "iframe", "frame", "frameset", "object", "embed", "applet", "link", "meta", "base",
  "form", "input", "button", "textarea", "select", "option", "style", "template", "noscript",
  "portal", "math", "foreignobject", "use", "animate", "animatemotion", "animatetransform", "set",
]);

/** Attributes whose value the browser follows as an address. */
const ADDRESSES = new Set(["href", "xlink:href", "src", "srcset", "action", "formaction", "poster", "background", "cite", "data", "ping", "lowsrc"]);

/** An address whose scheme is not the web's or an image's data (``javascript:``, say). */
function unsafeUrl(value) {
  const bare = value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
  return /^[a-z][a-z0-9+.-]*:/.test(bare) && !/^(https?:|data:image\/(png|jpeg|gif|webp|svg\+xml)[;,])/.test(bare);
}

/** ``fragment`` without any dropped element, event handler or unsafe address. */
function sanitised(fragment) {
  for (const element of [...fragment.querySelectorAll("*")]) {
    if (DROPPED.has(element.localName.toLowerCase())) {
      element.remove();
      continue;
    }
    for (const { name, value } of [...element.attributes]) {
      const lower = name.toLowerCase();
      if (lower.startsWith("on") || lower === "srcdoc" || (ADDRESSES.has(lower) && unsafeUrl(value))) {
        element.removeAttribute(name);
      }
    }
  }
  return fragment;
}

/** Make ``shown``'s children what ``wanted``'s are, node by node in order: an unchanged node
 * is left as it is (an image is not decoded again, a paragraph not laid out anew). */
function morph(shown, wanted) {
  const now = shown.childNodes;
  const next = [...wanted.childNodes];
  next.forEach((node, i) => {
    const old = now[i];
    if (!old) {
      shown.appendChild(node);
    } else if (old.nodeType !== node.nodeType || old.nodeName !== node.nodeName) {
      shown.replaceChild(node, old);
    } else if (old.nodeType !== Node.ELEMENT_NODE) {
      if (old.nodeValue !== node.nodeValue) old.nodeValue = node.nodeValue;
    } else {
      for (const { name } of [...old.attributes]) if (!node.hasAttribute(name)) old.removeAttribute(name);
      for (const { name, value } of [...node.attributes]) {
        if (old.getAttribute(name) !== value) old.setAttribute(name, value);
      }
      morph(old, node);
    }
  });
  while (now.length > next.length) shown.removeChild(shown.lastChild);
}

export default function ({ parentElement, data }) {
  // The block's HTML, the one item of `data` (lib/ui/in_place.py says why a list).
  const html = Array.isArray(data) && typeof data[0] === "string" ? data[0] : "";
  let root = parentElement.querySelector(":scope > .in-place");
  if (!root) {
    root = document.createElement("div");
    root.className = "in-place";
    parentElement.appendChild(root);
  }
  const template = document.createElement("template");
  template.innerHTML = html;
  morph(root, sanitised(template.content));
}
