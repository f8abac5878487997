// The words JavaScript shows and says, in the page's language. Python writes them (gettext, in
// spasmcare/core/js_words.py) into the page as JSON, `{% js_words "group" %}`; a module reads its
// group here and hands it on, so pure functions take words as an argument and node's tests can
// pass Dutch. No English lives in static/js/.

/** Group `group`'s words from #js-words-<group> ({ lang, key: text or plural forms }), or
 * { lang } when the page has none. */
export function readWords(group, doc = globalThis.document) {
  const el = typeof doc?.getElementById === "function" ? doc.getElementById(`js-words-${group}`) : null;
  if (!el) return { lang: doc?.documentElement?.lang || "en" };
  return JSON.parse(el.textContent);
}

/** `text` with each %(name)s replaced by values[name] (left as it is when there is none). */
export function fill(text, values = {}) {
  return String(text ?? "").replace(/%\((\w+)\)s/g, (match, name) => (name in values ? String(values[name]) : match));
}

/** The form of words[key] for the number `n`, filled with `count` and `values`: a plural text
 * is { one, other, … } keyed by the language's plural category (Intl.PluralRules). */
export function count(words, key, n, values = {}) {
  const forms = words[key];
  let form = forms;
  if (forms && typeof forms === "object") {
    let category = "other";
    try {
      category = new Intl.PluralRules(words.lang || "en").select(n);
    } catch {
      category = n === 1 ? "one" : "other";
    }
    form = forms[category] ?? forms.other;
  }
  return fill(form, { count: n, ...values });
}

/** words[key] filled with `values`. */
export function word(words, key, values = {}) {
  return fill(words[key], values);
}
