// Search page: Pagefind's JS API over the site's own /pagefind/ bundles, faceted by the
// data-pagefind-filter values the article pages carry, and the entity index (/pagefind-entities/:
// names and spellings of officials, places, campaigns and offices) merged into it and searched
// beside the articles, so the entity a query names comes first.
//
// Two rules shape this file:
//  * no search term, no query. In Pagefind 1.5 a filter-only query loads the whole index;
//    browsing by entity is what the static official/place/campaign pages are for.
//  * facet counts cost bytes: they need Pagefind's whole filter index (about 35 KB per 1,000
//    articles), so it is fetched only once the reader opens "Filter the results" (or arrives
//    with a filter already in the URL), not for every one-word search.
//  * the state lives in the URL (?q=...&county=...), so a result set can be linked or
//    bookmarked; the form also works as a plain GET form before this script loads.

const FACETS_SHOWN = 8;     // values per facet before "Show all"
const PAGE_SIZE = 10;       // results rendered per "More results"
const DEBOUNCE_MS = 250;

const root = document.querySelector("[data-search]");
// [filter, label] pairs, from the kind registry (search.html): official, county, prefecture, ...
const FACETS = JSON.parse(root.dataset.facets);
const form = root.querySelector("form");
const input = form.querySelector("input[type=search]");
const status = root.querySelector("[data-search-status]");
const facetBox = root.querySelector("[data-search-facets]");
const facetPanel = root.querySelector("[data-search-facets-panel]");
const list = root.querySelector("[data-search-results]");
const entityList = root.querySelector("[data-search-entities]");
const more = root.querySelector("[data-search-more]");

const siteRoot = new URL(root.dataset.siteRoot, document.baseURI);
let pagefindReady = null;    // one load, however many searches start while it is under way
let filtersReady = null;     // the filter index, once the reader wants facets
let selected = readSelectedFromUrl();
let facetsAsked = Object.keys(selected).length > 0;   // a shared link with a filter asks too
let expanded = new Set();
let current = null;          // {term, results, shown}
let generation = 0;          // drops answers to queries that were superseded while in flight
let timer = null;

function readSelectedFromUrl() {
  const params = new URLSearchParams(location.search);
  const chosen = {};
  for (const [key] of FACETS) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length) chosen[key] = new Set(values);
  }
  return chosen;
}

function writeUrl(term) {
  const params = new URLSearchParams();
  if (term) params.set("q", term);
  for (const [key] of FACETS) for (const value of selected[key] || []) params.append(key, value);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

// The articles' index is one Pagefind bundle per run of months (pagefind/2023-09_2024-09/, listed newest
// first in pagefind/shards.json), so a day's build re-indexes the newest. It is Pagefind's primary
// index; the other shards and the entity index are merged into it. mergeIndex shares the primary's
// JavaScript and WebAssembly (a second Pagefind for the entities cost every search 115 KB more) and
// sums filter counts, which stay true: an article is in one shard only. A synthetic filter, index:
// articles or entities, keeps the two kinds of results apart.
const ARTICLES = { index: "articles" };
const ENTITIES = { index: "entities" };

function loadPagefind() {
  pagefindReady ||= (async () => {
    const shards = await (await fetch(new URL("pagefind/shards.json", siteRoot))).json();
    const bundle = (key) => new URL(`pagefind/${key}/`, siteRoot);
    const pagefind = await import(new URL("pagefind.js", bundle(shards[0])).href);
    const options = { baseUrl: siteRoot.pathname, excerptLength: 28 };
    await pagefind.options(options);
    pagefind.init();
    await pagefind.options({ mergeFilter: ARTICLES });   // waits for init
    await Promise.all([
      ...shards.slice(1).map((key) => pagefind.mergeIndex(bundle(key).pathname, { ...options, mergeFilter: ARTICLES })),
      pagefind.mergeIndex(new URL("pagefind-entities/", siteRoot).pathname,
                          { baseUrl: siteRoot.pathname, mergeFilter: ENTITIES }),
    ]);
    return pagefind;
  })();
  return pagefindReady;
}

const ENTITIES_SHOWN = 3;

// The entities a query names, in the order a reader expects: one that has the query as its name or
// a spelling first, places before the offices named after them, then the most written about.
const KIND_ORDER = ["Place", "Official", "Campaign", "Office"];
const fold = (text) => (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();

async function searchEntities(pf, term) {
  const found = await pf.search(term, { filters: ENTITIES });
  // a few more than shown, so one Pagefind ranks lower (a long office name) can still come first
  const entities = await Promise.all(found.results.slice(0, ENTITIES_SHOWN + 4).map((r) => r.data()));
  const wanted = fold(term);
  const rank = (entity, position) => {
    const spellings = [entity.meta.title, ...(entity.meta.spellings || "").split(";")].map(fold);
    const kind = KIND_ORDER.findIndex((k) => (entity.meta.kind || "").startsWith(k));
    return [spellings.includes(wanted) ? 0 : 1, kind < 0 ? KIND_ORDER.length : kind,
            -parseInt(entity.meta.count || "0", 10), position];
  };
  const ranked = entities.map((entity, position) => [rank(entity, position), entity]);
  ranked.sort(([a], [b]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  });
  return ranked.slice(0, ENTITIES_SHOWN).map(([, entity]) => entity);
}

function wantFacets() {
  return facetsAsked || Object.keys(selected).length > 0;
}

async function loadFilters(pf) {
  filtersReady ||= pf.filters();
  return filtersReady;
}

function filterQuery(except) {
  // OR within one facet, AND across facets: the usual faceted-search reading.
  const filters = {};
  for (const [key, values] of Object.entries(selected)) {
    if (values.size && key !== except) filters[key] = { any: [...values] };
  }
  return filters;
}

// What ticking each value would return. Within a facet with ticked values, Pagefind counts only
// the current results; ticking another value adds its articles (OR), so the count beside it is the
// current total plus its articles not yet among them: total + count(without this facet) - overlap.
function facetCounts(key, counts, total, freed) {
  const current = counts[key] || {};
  if (!freed[key]) return current;
  const chosen = selected[key] || new Set();
  return Object.fromEntries(Object.entries(freed[key]).map(([value, n]) =>
    [value, chosen.has(value) ? n : total + n - (current[value] || 0)]));
}

function describeFilters() {
  const parts = [];
  for (const [key, label] of FACETS) {
    const values = [...(selected[key] || [])];
    if (values.length) parts.push(`${label}: ${values.join(" or ")}`);
  }
  return parts.length ? `, filtered by ${parts.join("; ")}` : "";
}

function say(text) {
  status.textContent = text;
}

async function run() {
  const term = input.value.trim();
  writeUrl(term);
  const mine = ++generation;
  if (!term) {
    current = null;
    list.replaceChildren();
    entityList.replaceChildren();
    facetBox.replaceChildren();
    more.hidden = true;
    say("Type a word or a name to search the articles.");
    return;
  }
  say(`Searching for “${term}”…`);
  let search, entities;
  const freed = {};  // per facet with ticked values: the counts with that facet's own filter left out
  try {
    const pf = await loadPagefind();
    if (wantFacets()) await loadFilters(pf);
    const ticked = Object.keys(selected);
    let others;
    [search, entities, ...others] = await Promise.all([
      pf.search(term, { filters: { ...filterQuery(), ...ARTICLES } }),
      searchEntities(pf, term),
      ...ticked.map((key) => pf.search(term, { filters: { ...filterQuery(key), ...ARTICLES } })),
    ]);
    ticked.forEach((key, i) => { freed[key] = others[i]?.filters?.[key] || {}; });
  } catch (error) {
    say("Search is not available right now: the search index could not be loaded.");
    throw error;
  }
  if (mine !== generation || !search) return;
  current = { term, results: search.results, shown: 0 };
  list.replaceChildren();
  entityList.replaceChildren(...entities.map(renderEntity));
  renderFacets(search.filters, search.results.length, freed);
  await showMore();
  if (mine !== generation) return;
  const n = search.results.length;
  const noun = n === 1 ? "article matches" : "articles match";
  say(`${n === 0 ? "No" : n} ${noun} “${term}”${describeFilters()}.`);
}

async function showMore() {
  if (!current) return;
  const mine = generation;
  const batch = current.results.slice(current.shown, current.shown + PAGE_SIZE);
  const pages = await Promise.all(batch.map((r) => r.data()));
  if (mine !== generation) return;
  const firstNew = current.shown;
  for (const page of pages) list.append(renderResult(page));
  current.shown += batch.length;
  more.hidden = current.shown >= current.results.length;
  return firstNew;
}

function renderResult(page) {
  const item = document.createElement("li");
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = page.url;
  link.textContent = page.meta.title || page.url;
  heading.append(link);
  item.append(heading);
  const meta = metaLine([page.meta.date, page.meta.source]);
  if (meta.childElementCount) item.append(meta);
  const excerpt = document.createElement("p");
  excerpt.className = "excerpt";
  const aliasStart = page.content.indexOf(ALIAS_MARKER);
  // Hits only in the headline: a snippet would repeat it, so the text's opening words instead.
  const titleWords = (page.meta.title || "").split(/\s+/).filter(Boolean).length;
  if (page.locations.length && page.locations.every((at) => at < titleWords)) {
    const words = page.content.slice(0, aliasStart < 0 ? undefined : aliasStart).split(/\s+/).filter(Boolean);
    const opening = words.slice(titleWords, titleWords + EXCERPT_WORDS);
    excerpt.textContent = opening.join(" ") + (titleWords + EXCERPT_WORDS < words.length ? " …" : "");
  } else if (aliasStart < 0) {
    // Pagefind's excerpt is the indexed text, HTML-escaped, with <mark> around the hits.
    excerpt.innerHTML = page.excerpt;
  } else {
    excerpt.append(...textExcerpt(page, aliasStart));
  }
  item.append(excerpt);
  return item;
}

// A result's line of facts (date, source; kind's count, spellings): one span each, empty ones left out.
function metaLine(texts) {
  const meta = document.createElement("p");
  meta.className = "meta";
  for (const text of texts.filter(Boolean)) meta.append(Object.assign(document.createElement("span"), { textContent: text }));
  return meta;
}

function renderEntity(entity) {
  const item = document.createElement("li");
  const kind = document.createElement("p");
  kind.className = "kicker";
  kind.textContent = entity.meta.kind;
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = entity.url;
  link.textContent = entity.meta.title;
  heading.append(link);
  item.append(kind, heading, metaLine([entity.meta.count, entity.meta.spellings && `also spelled ${entity.meta.spellings}`]));
  return item;
}

// Article pages end with a hidden "Also spelled: ..." list of the other spellings the gazetteer
// knows (indexed at a low weight), so those spellings find the article. Snippets are made from the
// article's own words only: around its hits when it has some, else its opening and a note.
const ALIAS_MARKER = "Also spelled:";
const EXCERPT_WORDS = 28;

function textExcerpt(page, aliasStart) {
  const words = page.content.slice(0, aliasStart).split(/\s+/).filter(Boolean);
  const hits = new Set(page.locations.filter((at) => at < words.length));
  let start = 0;
  if (hits.size) {
    // the window of EXCERPT_WORDS words holding the most hits
    let best = -1;
    for (const at of hits) {
      const from = Math.max(0, at - 8);
      const n = [...hits].filter((h) => h >= from && h < from + EXCERPT_WORDS).length;
      if (n > best) [best, start] = [n, from];
    }
  }
  const nodes = start > 0 ? ["… "] : [];
  words.slice(start, start + EXCERPT_WORDS).forEach((word, i) => {
    if (i) nodes.push(" ");
    if (hits.has(start + i)) nodes.push(Object.assign(document.createElement("mark"), { textContent: word }));
    else nodes.push(word);
  });
  if (start + EXCERPT_WORDS < words.length) nodes.push(" …");
  if (!hits.size) {
    nodes.push(Object.assign(document.createElement("em"), { textContent: " (names it under another spelling)" }));
  }
  return nodes;
}

function renderFacets(counts, total = 0, freed = {}) {
  const groups = [];
  for (const [key, label] of FACETS) {
    const available = facetCounts(key, counts, total, freed);
    const chosen = selected[key] || new Set();
    const values = Object.keys({ ...available, ...Object.fromEntries([...chosen].map((v) => [v, 0])) })
      .filter((value) => (available[value] || 0) > 0 || chosen.has(value));
    if (!values.length) continue;
    values.sort(key === "year"
      ? (a, b) => b.localeCompare(a)
      : (a, b) => (available[b] || 0) - (available[a] || 0) || a.localeCompare(b));
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = label;
    fieldset.append(legend);
    const showAll = expanded.has(key) || values.length <= FACETS_SHOWN + 1;
    for (const value of showAll ? values : values.slice(0, FACETS_SHOWN)) {
      fieldset.append(renderOption(key, value, available[value] || 0, chosen.has(value)));
    }
    if (!showAll) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "facet-more";
      button.textContent = `Show all ${values.length} ${label.toLowerCase()} values`;
      button.addEventListener("click", () => {
        expanded.add(key);
        renderFacets(counts, total, freed);
        facetBox.querySelectorAll(`input[name="${key}"]`)[FACETS_SHOWN]?.focus();
      });
      fieldset.append(button);
    }
    groups.push(fieldset);
  }
  if (!groups.length && wantFacets()) groups.push(Object.assign(document.createElement("p"), {
    textContent: filtersReady ? "Nothing to filter by." : "Loading the filters…",
  }));
  facetBox.replaceChildren(...groups);
}

function renderOption(key, value, count, checked) {
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.name = key;
  box.value = value;
  box.checked = checked;
  box.addEventListener("change", () => {
    const chosen = selected[key] || (selected[key] = new Set());
    if (box.checked) chosen.add(value); else chosen.delete(value);
    if (!chosen.size) delete selected[key];
    run().then(() => {
      // Facets are rebuilt after each query: keep keyboard focus on the same checkbox.
      const again = [...facetBox.querySelectorAll(`input[name="${key}"]`)].find((el) => el.value === value);
      again?.focus();
    });
  });
  const name = document.createElement("span");
  name.textContent = value;
  const number = document.createElement("span");
  number.className = "count";
  number.textContent = String(count);
  label.append(box, name, number);
  return label;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  run();
});
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(run, DEBOUNCE_MS);
});
more.addEventListener("click", async () => {
  const firstNew = await showMore();
  // Move focus to the first newly shown result so keyboard users continue where they were.
  list.children[firstNew]?.querySelector("a")?.focus();
});

input.value = new URLSearchParams(location.search).get("q") || "";
root.querySelector("[data-search-nojs]").hidden = true;
// Opened at once only where the facets stand beside the results: on a phone they sit above them,
// and filling an open panel would push the results down the screen (the status line names the
// filters in force; the panel stays one tap away).
facetPanel.open = facetsAsked && matchMedia("(min-width: 56rem)").matches;
facetPanel.addEventListener("toggle", () => {
  // First opening: fetch the filter index, then redo the search so the counts appear.
  if (facetPanel.open && !facetsAsked) {
    facetsAsked = true;
    if (input.value.trim()) run();
  }
});
run();
