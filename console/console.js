// The console: county → community → grid, the map, the pairing network, the uncovered households and the wish
// queue of the signed-in scope. Plain browser JavaScript (no build step) over the app's GraphQL API: queries
// and mutations with fetch, live updates with graphql-ws (graphql-transport-ws) on the same /graphql.
// Labels are Chinese; the API's enum names stay English and are translated here.
"use strict";

const API = "/graphql";

const NODE_KINDS = {
  COUNTY: "县", STREET: "街道", COMMUNITY: "社区", GRID: "网格", AREA: "片区", COMPOUND: "小区", BUILDING: "楼栋",
  HOUSEHOLD: "住户", PERSON: "党员干部", UNIT: "共建单位", VOLUNTEER_TEAM: "志愿服务队", PARTY_ORGANIZATION: "党组织",
  VENUE: "活动阵地", SELF_GOVERNANCE_BODY: "自治组织", DELIBERATION_PLATFORM: "议事平台",
};
const EDGE_KINDS = {
  PAIRED_WITH: "结对（包片/包楼/联户）", COVERS: "党组织负责", HOLDS_POST: "担任岗位", WORKS_AT: "所在单位",
  PART_OF: "隶属", MEMBER_OF: "成员", SERVES: "服务", RESIDES_IN: "居住", ORGANIZED_BY: "组建/运营",
};
const PAIRING_KINDS = { HOUSEHOLD: "联户", BUILDING: "包楼栋", AREA: "包片" };
const POST_ROLES = {
  SECRETARY: "书记", GROUP_LEADER: "党小组长", BUILDING_LEADER: "楼栋长", CENTRAL_HOUSEHOLD: "党员中心户",
  POLICE_OFFICER: "包片干警", TASK_FORCE_HEAD: "专班负责人",
};
const STAGES = { UNORGANIZED: "未建强党组织", TRANSITIONAL: "过渡", FIVE_HAVES: "五有" };
const STAGE_COLORS = { UNORGANIZED: "#e53935", TRANSITIONAL: "#fb8c00", FIVE_HAVES: "#43a047" };
const MANAGED_COLOR = "#90caf9";
const FIVE_HAVES = {
  PARTY_ORGANIZATION: "有坚强的党组织", FORCES: "有充足的力量", VENUE: "有固定的活动场所",
  RESOURCES: "有丰富的资源", MECHANISM: "有管用治理机制",
};
const WISH_STATUS = {
  SUBMITTED: "待受理", ACCEPTED: "已建单", CLAIMED: "已接单", FULFILLED: "已实现", REJECTED: "已退回", CANCELLED: "已撤销",
};
const OPEN_WISHES = new Set(["SUBMITTED", "ACCEPTED", "CLAIMED"]);
const RESPONSIBILITY = {
  PAIRED_MEMBER: "联户党员", BUILDING_LEADER: "楼栋长", CENTRAL_HOUSEHOLD: "党员中心户", AREA_GROUP: "片区党小组",
  COMPOUND_BRANCH: "小区党支部", GRID_BRANCH: "网格党支部", PAIRED_UNIT: "包片单位", POLICE_OFFICER: "包片干警",
  COMMUNITY_COMMITTEE: "社区党委",
};
const SPECIAL_GROUPS = { ELDERLY_ALONE: "独居老人", POOR_STUDENT: "困难学生", DISABLED: "残疾人" };
// Every role but the analyst sees personal data (and special groups) in full; the API decides, this only
// chooses whether to ask for special groups first.
const PERSONAL_ROLES = new Set(["COUNTY", "STREET", "COMMUNITY", "GRID", "MEMBER", "RESIDENT"]);
const ROLES = {
  COUNTY: "县级", STREET: "街道", COMMUNITY: "社区", GRID: "网格员", MEMBER: "党员", RESIDENT: "居民", ANALYST: "分析员",
};

// ------------------------------------------------------------------------------------------- state

const state = {
  token: null,
  claims: null,
  scope: null, // {id, code, name, kind}; null: everything the signed-in role may see
  trail: [], // the crumbs above the scope
  today: chinaToday(),
  tab: "overview",
  loaded: {},
  charts: {},
  cy: null,
  network: null,
  wishes: new Map(),
  socket: null,
  stopWishes: null,
};
// What the browser test (and anyone curious) can read about the page's last drawings.
window.consoleState = state;

function chinaToday() {
  // The county's today (Asia/Shanghai), as the API's default asOf.
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

// ------------------------------------------------------------------------------------------- the API

async function gql(query, variables = {}) {
  const headers = { "content-type": "application/json" };
  if (state.token) headers.authorization = `Bearer ${state.token}`;
  const response = await fetch(API, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  if (response.status === 401 || response.status === 403) throw new Error("登录已失效，请重新登录");
  const body = await response.json();
  if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join("；"));
  return body.data;
}

function showError(error) {
  const box = document.getElementById("error");
  box.textContent = error ? `出错了：${error.message || error}` : "";
  box.hidden = !error;
}

let busy = 0;

function guarded(fn) {
  // Errors go to the banner; while anything loads, the header says so.
  return async (...args) => {
    document.getElementById("busy").hidden = ++busy === 0;
    try {
      showError(null);
      await fn(...args);
    } catch (error) {
      console.error(error);
      showError(error);
    } finally {
      document.getElementById("busy").hidden = --busy === 0;
    }
  };
}

// ------------------------------------------------------------------------------------------- sign-in

function decodeClaims(token) {
  // Only to show who is signed in; the API checks the token.
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  } catch {
    return null;
  }
}

function signIn(token) {
  state.token = token || null;
  state.claims = token ? decodeClaims(token) : null;
  if (token) sessionStorage.setItem("token", token);
  else sessionStorage.removeItem("token");
  const who = document.getElementById("whoami");
  if (state.claims) {
    const role = ROLES[state.claims.role] || state.claims.role || "";
    who.textContent = `${role}${state.claims.scope ? " · " + state.claims.scope : ""}`;
  } else {
    who.textContent = token ? "已登录" : "未登录";
  }
  state.scope = null;
  state.trail = [];
  reload();
}

function seesPersonalData() {
  return Boolean(state.claims && PERSONAL_ROLES.has(state.claims.role));
}

// ------------------------------------------------------------------------------------------- scope and tabs

function scopeId() {
  return state.scope ? state.scope.id : null;
}

function setScope(scope) {
  if (scope && state.scope && scope.id === state.scope.id) return;
  if (scope) {
    const at = state.trail.findIndex((s) => s.id === scope.id);
    if (at >= 0) state.trail = state.trail.slice(0, at);
    else if (state.scope) state.trail.push(state.scope);
  } else {
    state.trail = [];
  }
  state.scope = scope;
  state.center = null;
  reload();
}

function renderCrumbs() {
  const nav = document.getElementById("crumbs");
  nav.innerHTML = "";
  const root = document.createElement("a");
  root.textContent = "全部范围";
  root.onclick = () => setScope(null);
  nav.append(root);
  for (const s of [...state.trail, state.scope].filter(Boolean)) {
    nav.append(" › ");
    const a = document.createElement("a");
    a.textContent = `${NODE_KINDS[s.kind] || ""} ${s.name}`;
    a.dataset.code = s.code;
    a.onclick = () => setScope(s);
    nav.append(a);
  }
}

function reload() {
  state.loaded = {};
  renderCrumbs();
  if (!state.token) {
    // Everything but this page needs a token.
    if (state.socket) state.socket.dispose();
    state.socket = null;
    showError(new Error("请先登录：把登录令牌粘贴到右上角（./dev token 生成，./dev serve 启动时也会打印一个）"));
    return;
  }
  showTab(state.tab);
  subscribeWishes();
}

function showTab(tab) {
  state.tab = tab;
  if (!state.token) return;
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === tab);
  for (const s of document.querySelectorAll("main > .tab")) s.classList.toggle("active", s.id === tab);
  if (!state.loaded[tab]) {
    state.loaded[tab] = true;
    LOADERS[tab]();
  } else {
    Object.values(state.charts).forEach((c) => c.resize());
  }
}

function chart(id) {
  if (!state.charts[id]) state.charts[id] = echarts.init(document.getElementById(id));
  return state.charts[id];
}

// No animation: a working page shows figures as they are, at once (and screenshots show what was drawn).
const STILL = { animation: false };

function pct(part, whole) {
  return whole ? `${((100 * part) / whole).toFixed(1)}%` : "—";
}

// ------------------------------------------------------------------------------------------- overview

const TREE = `{ county { code name streets { id code name communities { id code name grids { id code name } } } } }`;
// Coverage per grid from the map's features: households and covered households, without the rest of Coverage.
const GRID_COVERAGE = `{ mapFeatures(kinds: [GRID]) { features { code households coveredHouseholds } } }`;
const COMPOUNDS = `query ($scope: ID) { compounds(scope: $scope, kind: THREE_NO, first: 100) { nodes {
  id code name kind fiveHaves { stage criteria { key met } } } } }`;

async function loadOverview() {
  const [tree, compounds, covered] = await Promise.all([
    gql(TREE), gql(COMPOUNDS, { scope: scopeId() }), gql(GRID_COVERAGE),
  ]);
  const coverageOf = Object.fromEntries(covered.mapFeatures.features.map((f) => [f.code, f]));
  const grids = [];
  const treeBox = document.getElementById("tree");
  treeBox.innerHTML = "";
  const top = document.createElement("ul");
  for (const street of tree.county.streets) {
    for (const community of street.communities) {
      if (!community.grids.length) continue;
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.textContent = `社区 ${community.name}`;
      link.onclick = () => setScope({ ...community, kind: "COMMUNITY" });
      li.append(link);
      const sub = document.createElement("ul");
      for (const grid of community.grids) {
        grid.coverage = coverageOf[grid.code] || { households: 0, coveredHouseholds: 0 };
        grids.push({ ...grid, community: community.name });
        const g = document.createElement("li");
        const a = document.createElement("a");
        a.textContent = grid.name;
        a.dataset.grid = grid.code;
        a.onclick = () => setScope({ ...grid, kind: "GRID" });
        const p = document.createElement("span");
        p.className = "pct";
        p.textContent = `覆盖 ${pct(grid.coverage.coveredHouseholds, grid.coverage.households)}（${grid.coverage.households} 户）`;
        g.append(a, p);
        sub.append(g);
      }
      li.append(sub);
      top.append(li);
    }
  }
  treeBox.append(top);

  const inScope = grids.filter((g) => !state.scope || state.scope.kind !== "COMMUNITY" || g.community === state.scope.name);
  const shown = state.scope && state.scope.kind === "GRID" ? grids.filter((g) => g.code === state.scope.code) : inScope;
  const coverage = chart("chart-coverage");
  coverage.setOption({
    ...STILL,
    grid: { left: 110, right: 30, top: 10, bottom: 30 },
    tooltip: { formatter: (p) => `${p.name}<br/>覆盖率 ${p.value}%` },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", data: shown.map((g) => g.name), inverse: true },
    series: [{
      type: "bar",
      data: shown.map((g) => {
        const share = g.coverage.households ? g.coverage.coveredHouseholds / g.coverage.households : null;
        return { value: share == null ? 0 : +(100 * share).toFixed(1), itemStyle: { color: coverageColor(share) } };
      }),
      barMaxWidth: 28,
      label: { show: true, position: "right", formatter: "{c}%" },
    }],
  }, true);
  coverage.off("click");
  coverage.on("click", (p) => setScope({ ...shown[p.dataIndex], kind: "GRID" }));

  const rows = compounds.compounds.nodes;
  const five = chart("chart-fivehaves");
  five.setOption({
    ...STILL,
    grid: { left: 120, right: 30, top: 10, bottom: 30 },
    tooltip: {
      formatter: (p) => {
        const c = rows[p.dataIndex];
        const items = c.fiveHaves.criteria.map((k) => `${k.met ? "✔" : "✘"} ${FIVE_HAVES[k.key]}`).join("<br/>");
        return `${c.name}（${STAGES[c.fiveHaves.stage]}）<br/>${items}`;
      },
    },
    xAxis: { type: "value", max: 5, interval: 1 },
    yAxis: { type: "category", data: rows.map((c) => c.name), inverse: true, axisLabel: { fontSize: 10 } },
    dataZoom: rows.length > 20 ? [{ type: "slider", yAxisIndex: 0, start: 0, end: (2000 / rows.length) | 0, right: 0 }] : [],
    series: [{
      type: "bar",
      barMaxWidth: 28,
      data: rows.map((c) => ({
        value: c.fiveHaves.criteria.filter((k) => k.met).length,
        itemStyle: { color: STAGE_COLORS[c.fiveHaves.stage] },
      })),
    }],
  }, true);
  five.off("click");
  five.on("click", (p) => openCard(rows[p.dataIndex].id));
}

// ------------------------------------------------------------------------------------------- the map

const MAP = `query ($scope: ID) { mapFeatures(scope: $scope, kinds: [COMMUNITY, GRID, AREA, COMPOUND, BUILDING]) {
  truncated geojson } }`;
const MAP_ORDER = { STREET: 0, COMMUNITY: 1, GRID: 2, AREA: 3, COMPOUND: 4, BUILDING: 5 };

function coverageColor(share) {
  if (share == null) return "#eeeeee";
  // 80 % and below red, 100 % green: the grids to visit first stand out.
  const t = Math.max(0, Math.min(1, (share - 0.8) / 0.2));
  const from = [229, 57, 53], mid = [253, 216, 53], to = [67, 160, 71];
  const [a, b, u] = t < 0.5 ? [from, mid, t * 2] : [mid, to, (t - 0.5) * 2];
  return `rgb(${a.map((x, i) => Math.round(x + (b[i] - x) * u)).join(",")})`;
}

async function loadMap() {
  const data = await gql(MAP, { scope: scopeId() });
  const collection = data.mapFeatures.geojson;
  const polygons = collection.features
    .filter((f) => f.geometry.type === "Polygon")
    .sort((a, b) => MAP_ORDER[a.properties.kind] - MAP_ORDER[b.properties.kind]);
  const buildings = collection.features.filter((f) => f.properties.kind === "BUILDING");
  const byCode = Object.fromEntries(collection.features.map((f) => [f.properties.code, f]));
  echarts.registerMap("scope", { type: "FeatureCollection", features: polygons });
  const regions = polygons.map((f) => {
    const p = f.properties;
    const compound = p.kind === "COMPOUND";
    // The five haves are the three-no compounds' road; managed compounds are drawn apart.
    const fill = compound
      ? p.compoundKind === "MANAGED" ? MANAGED_COLOR : STAGE_COLORS[p.stage] || "#90a4ae"
      : p.kind === "AREA" ? "rgba(255,255,255,0.35)" : coverageColor(p.coverage);
    return {
      name: p.code,
      itemStyle: { areaColor: fill, borderColor: compound ? "#263238" : "#546e7a", borderWidth: p.kind === "GRID" ? 2 : 1 },
      label: { show: p.kind === "GRID" || (compound && polygons.length < 60), formatter: p.name, fontSize: compound ? 10 : 12 },
    };
  });
  state.map = { features: collection.features.length, polygons: polygons.length, buildings: buildings.length };
  document.getElementById("map-summary").textContent =
    `${polygons.filter((f) => f.properties.kind === "GRID").length} 个网格 · ` +
    `${polygons.filter((f) => f.properties.kind === "COMPOUND").length} 个小区 · ${buildings.length} 栋楼`;
  const map = chart("chart-map");
  map.setOption({
    ...STILL,
    tooltip: {
      formatter: (p) => {
        const f = byCode[p.name] || (p.data && byCode[p.data.code]);
        if (!f) return p.name;
        const q = f.properties;
        const lines = [`${NODE_KINDS[q.kind]} ${q.name}`, `住户 ${q.households}，已联户 ${q.coveredHouseholds}（${pct(q.coveredHouseholds, q.households)}）`];
        if (q.compoundKind === "MANAGED") lines.push("物业小区");
        else if (q.stage) lines.push(`三无小区，五有阶段：${STAGES[q.stage]}`);
        return lines.join("<br/>");
      },
    },
    geo: {
      map: "scope", nameProperty: "code", roam: true, regions,
      itemStyle: { areaColor: "#eceff1", borderColor: "#90a4ae" },
      emphasis: { label: { show: true }, itemStyle: { areaColor: "#ffe082" } },
      select: { disabled: true },
    },
    series: [{
      type: "scatter", coordinateSystem: "geo", symbolSize: 5,
      itemStyle: { color: "#37474f" },
      data: buildings.map((f) => ({ name: f.properties.name, code: f.properties.code, value: f.geometry.coordinates })),
    }],
  }, true);
  map.off("click");
  map.on("click", (p) => {
    const f = byCode[p.name] || (p.data && byCode[p.data.code]);
    if (f) openCard(f.id);
  });
}

// ------------------------------------------------------------------------------------------- the network

// GraphQL type → NetworkNodeKind, for drawing the network around an entity opened in a card.
const TYPE_KINDS = {
  Household: "HOUSEHOLD", Person: "PERSON", Building: "BUILDING", Compound: "COMPOUND", Grid: "GRID", Area: "AREA",
  Community: "COMMUNITY", Unit: "UNIT", PartyOrganization: "PARTY_ORGANIZATION",
};
const NETWORK = `query ($center: ID!, $mode: NetworkMode, $nodeKinds: [NetworkNodeKind!], $edgeKinds: [NetworkEdgeKind!]) {
  pairingNetwork(center: $center, mode: $mode, depth: 2, limit: 5000, nodeKinds: $nodeKinds, edgeKinds: $edgeKinds) {
    truncated
    nodes { id code kind label covered specialGroup compoundKind stage }
    edges { source target kind since postRole pairingKind } } }`;
const PICTURE_NODES = ["GRID", "AREA", "COMPOUND", "BUILDING", "HOUSEHOLD", "PERSON", "UNIT", "PARTY_ORGANIZATION"];
const PICTURE_EDGES = ["PAIRED_WITH", "PART_OF", "HOLDS_POST", "WORKS_AT", "COVERS"];
const DEFAULT_OFF = new Set(["PART_OF", "HOLDS_POST", "WORKS_AT", "COVERS"]);
const NODE_COLORS = {
  HOUSEHOLD: "#43a047", PERSON: "#1e88e5", UNIT: "#8e24aa", PARTY_ORGANIZATION: "#c62828", BUILDING: "#6d4c41",
  COMPOUND: "#fb8c00", AREA: "#00897b", GRID: "#b71c1c", COMMUNITY: "#4e342e", STREET: "#3e2723", COUNTY: "#000",
};

function networkFilters() {
  const box = document.getElementById("network-filters");
  if (box.dataset.ready) return;
  box.dataset.ready = "1";
  const group = (legend, kinds, labels, name, off) => {
    const set = document.createElement("fieldset");
    set.innerHTML = `<legend>${legend}</legend>`;
    for (const kind of kinds) {
      const label = document.createElement("label");
      label.innerHTML = `<input type="checkbox" name="${name}" value="${kind}" ${off.has(kind) ? "" : "checked"}> ${labels[kind]}`;
      set.append(label, " ");
    }
    set.addEventListener("change", guarded(loadNetwork));
    box.append(set);
  };
  group("节点", PICTURE_NODES, NODE_KINDS, "node", new Set());
  group("关系", PICTURE_EDGES, EDGE_KINDS, "edge", DEFAULT_OFF);
}

function checked(name) {
  return [...document.querySelectorAll(`#network-filters input[name=${name}]:checked`)].map((i) => i.value);
}

async function networkCenter() {
  if (state.center) return state.center;
  if (state.scope) return state.scope;
  // Without a scope: the first grid the signed-in role may see.
  const data = await gql(`{ grids(first: 1) { nodes { id code name } } }`);
  const grid = data.grids.nodes[0];
  return grid && { ...grid, kind: "GRID" };
}

async function loadNetwork() {
  networkFilters();
  const center = await networkCenter();
  if (!center) return;
  const territory = ["COUNTY", "STREET", "COMMUNITY", "GRID", "AREA", "COMPOUND", "BUILDING", "HOUSEHOLD"].includes(center.kind);
  const data = await gql(NETWORK, {
    center: center.id,
    mode: territory ? "PAIRINGS" : "AROUND",
    nodeKinds: territory ? checked("node") : null,
    // Around a person, unit or organization every relationship kind is drawn (the filters are for pictures).
    edgeKinds: territory ? checked("edge") : null,
  });
  const net = data.pairingNetwork;
  state.network = { nodes: net.nodes.length, edges: net.edges.length, center: center.code };
  const elements = [
    ...net.nodes.map((n) => ({
      data: {
        id: n.id, label: n.label, kind: n.kind, code: n.code,
        color: n.kind === "HOUSEHOLD" ? (n.covered ? "#43a047" : "#e53935") : n.kind === "COMPOUND" && n.stage ? STAGE_COLORS[n.stage] : NODE_COLORS[n.kind] || "#757575",
        size: { GRID: 40, AREA: 30, COMPOUND: 28, BUILDING: 18, UNIT: 22, PARTY_ORGANIZATION: 22 }[n.kind] || 10,
        special: n.specialGroup ? 1 : 0,
      },
    })),
    ...net.edges.map((e, i) => ({
      data: {
        id: `e${i}`, source: e.source, target: e.target, kind: e.kind,
        label: e.kind === "PAIRED_WITH" ? PAIRING_KINDS[e.pairingKind] : e.kind === "HOLDS_POST" ? POST_ROLES[e.postRole] : "",
      },
    })),
  ];
  if (state.cy) state.cy.destroy();
  const big = net.nodes.length > 400;
  state.cy = cytoscape({
    container: document.getElementById("graph"),
    elements,
    style: [
      { selector: "node", style: { "background-color": "data(color)", width: "data(size)", height: "data(size)", "border-width": 0 } },
      { selector: "node[size >= 18]", style: { label: "data(label)", "font-size": 9, "text-valign": "bottom", color: "#333" } },
      { selector: "node[special = 1]", style: { "border-width": 3, "border-color": "#ff6f00" } },
      { selector: "edge", style: { width: 1, "line-color": "#b0bec5", "curve-style": "haystack", opacity: 0.7 } },
      { selector: "edge[kind = 'PAIRED_WITH']", style: { "line-color": "#1e88e5" } },
      { selector: "edge[kind = 'HOLDS_POST']", style: { "line-color": "#c62828" } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#ffd600" } },
    ],
    layout: big
      ? { name: "concentric", concentric: (n) => ({ GRID: 9, AREA: 8, COMPOUND: 7, UNIT: 6, PARTY_ORGANIZATION: 6, BUILDING: 5, PERSON: 3, HOUSEHOLD: 1 }[n.data("kind")] || 2), levelWidth: () => 1, minNodeSpacing: 2, animate: false }
      : { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 6000, numIter: 600 },
  });
  state.cy.on("tap", "node", (evt) => openCard(evt.target.id()));
  document.getElementById("network-summary").textContent =
    `${NODE_KINDS[center.kind] || ""} ${center.name} · ${net.nodes.length} 个节点 · ${net.edges.length} 条连线` +
    (net.truncated ? "（已截断）" : "");
}

// ------------------------------------------------------------------------------------------- entity card

const CARD = `query ($id: ID!) { node(id: $id) {
  __typename code
  ... on Household { address building { name } residents { code name specialGroups }
    pairedMembers { code name unit { name } }
    responsible { role person { name } organization { name } unit { name } }
    wishes(first: 20) { nodes { code title status } } }
  ... on Person { name isPartyMember unit { name } household { address } posts { role of { code } } }
  ... on Building { name leader { name } pairedMembers { name } compound { name } }
  ... on Compound { name compoundKind: kind compoundAddress: address fiveHaves { stage criteria { key met evidence } } }
  ... on Grid { name branch { name } coverage { households coveredHouseholds } }
  ... on Area { name units { name } partyGroup { name } }
  ... on Community { name }
  ... on Unit { name }
  ... on PartyOrganization { name } } }`;

function esc(text) {
  return String(text ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

async function openCard(id) {
  const data = await gql(CARD, { id });
  const n = data.node;
  const card = document.getElementById("card");
  const body = document.getElementById("card-body");
  if (!n) {
    body.innerHTML = "<p>无权查看或不存在。</p>";
    card.hidden = false;
    return;
  }
  const kind = { Household: "住户", Person: "人员", Building: "楼栋", Compound: "小区", Grid: "网格", Area: "片区", Community: "社区", Unit: "共建单位", PartyOrganization: "党组织" }[n.__typename] || n.__typename;
  let html = `<div class="kind">${kind} · ${esc(n.code)}</div><h3>${esc(n.name || n.address || n.code)}</h3><dl>`;
  const row = (k, v) => { if (v !== undefined && v !== null && v !== "") html += `<dt>${k}</dt><dd>${v}</dd>`; };
  if (n.__typename === "Household") {
    row("楼栋", esc(n.building?.name));
    row("居民", n.residents.map((r) => esc(r.name) + (r.specialGroups.length ? `（${r.specialGroups.map((g) => SPECIAL_GROUPS[g]).join("、")}）` : "")).join("、"));
    row("联户党员", n.pairedMembers.map((p) => `${esc(p.name)}${p.unit ? "（" + esc(p.unit.name) + "）" : ""}`).join("、") || "<b style='color:#c62828'>无人联户</b>");
    html += "</dl><h4>责任链（由近及远）</h4><ol id='chain'>";
    for (const r of n.responsible) {
      const who = [r.person?.name, r.organization?.name, r.unit?.name].filter(Boolean).map(esc).join(" · ") || "（空缺）";
      html += `<li>${RESPONSIBILITY[r.role] || r.role}：${who}</li>`;
    }
    html += "</ol>";
    if (n.wishes.nodes.length) html += "<h4>微心愿</h4><ol>" + n.wishes.nodes.map((w) => `<li>${esc(w.title)}（${WISH_STATUS[w.status]}）</li>`).join("") + "</ol>";
  } else {
    if (n.__typename === "Person") {
      row("党员", n.isPartyMember ? "是" : "否");
      row("单位", esc(n.unit?.name));
      row("住址", esc(n.household?.address));
      row("岗位", n.posts.map((p) => POST_ROLES[p.role] || p.role).join("、"));
    }
    if (n.__typename === "Building") {
      row("小区", esc(n.compound?.name));
      row("楼栋长", esc(n.leader?.name) || "（空缺）");
      row("包楼党员", n.pairedMembers.map((p) => esc(p.name)).join("、"));
    }
    if (n.__typename === "Compound") {
      row("类型", n.compoundKind === "THREE_NO" ? "三无小区" : "物业小区");
      row("地址", esc(n.compoundAddress));
      row("五有阶段", STAGES[n.fiveHaves.stage]);
      html += "</dl><ol>" + n.fiveHaves.criteria.map((c) => `<li>${c.met ? "✔" : "✘"} ${FIVE_HAVES[c.key]}：${esc(c.evidence)}</li>`).join("") + "</ol><dl>";
    }
    if (n.__typename === "Grid") {
      row("网格党支部", esc(n.branch?.name));
      row("覆盖率", pct(n.coverage.coveredHouseholds, n.coverage.households));
    }
    if (n.__typename === "Area") {
      row("包片单位", n.units.map((u) => esc(u.name)).join("、") || "（无）");
      row("片区党小组", esc(n.partyGroup?.name));
    }
    html += "</dl>";
    if (["Grid", "Compound", "Area", "Community", "Building"].includes(n.__typename)) {
      html += `<button id="card-enter">进入此范围</button> `;
    }
  }
  html += `<button id="card-network">查看其联户网络</button>`;
  body.innerHTML = html;
  card.hidden = false;
  card.dataset.code = n.code;
  document.getElementById("card-network").onclick = () => {
    card.hidden = true;
    state.center = { id, code: n.code, name: n.name || n.address || n.code, kind: TYPE_KINDS[n.__typename] };
    state.loaded.network = false;
    showTab("network");
  };
  const enter = document.getElementById("card-enter");
  if (enter) enter.onclick = () => { card.hidden = true; setScope({ id, code: n.code, name: n.name, kind: n.__typename.toUpperCase() }); };
}

// ------------------------------------------------------------------------------------------- uncovered households

const UNCOVERED = `query ($scope: ID, $special: Boolean) {
  uncoveredHouseholds(scope: $scope, specialGroupsOnly: $special, first: 100) {
    totalCount nodes { id code address building { name } residents { specialGroups } } } }`;

async function loadUncovered() {
  const personal = seesPersonalData();
  const [special, all] = await Promise.all([
    personal ? gql(UNCOVERED, { scope: scopeId(), special: true }) : Promise.resolve(null),
    gql(UNCOVERED, { scope: scopeId(), special: false }),
  ]);
  const first = special ? special.uncoveredHouseholds.nodes : [];
  const seen = new Set(first.map((h) => h.id));
  const rows = [...first, ...all.uncoveredHouseholds.nodes.filter((h) => !seen.has(h.id))];
  const tbody = document.querySelector("#uncovered-table tbody");
  tbody.innerHTML = "";
  for (const h of rows) {
    const groups = [...new Set(h.residents.flatMap((r) => r.specialGroups))];
    const tr = document.createElement("tr");
    tr.className = groups.length ? "special" : "";
    tr.dataset.id = h.id;
    tr.innerHTML = `<td>${esc(h.code)}</td><td>${esc(h.address)}</td><td>${esc(h.building?.name)}</td>` +
      `<td>${groups.map((g) => SPECIAL_GROUPS[g]).join("、") || (personal ? "" : "—")}</td>`;
    tr.onclick = () => openCard(h.id);
    tbody.append(tr);
  }
  document.getElementById("uncovered-summary").textContent = `共 ${all.uncoveredHouseholds.totalCount} 户，显示前 ${rows.length} 户`;
  document.getElementById("uncovered-hint").textContent = personal
    ? "有特殊群体成员（独居老人、困难学生、残疾人）的住户排在前面"
    : "特殊群体信息仅对县、街道、社区和网格工作人员显示";
  ledgerExport();
}

function ledgerExport() {
  // Issue 11 builds the ledger export; until then the button stays disabled. Set data-href to its URL.
  const button = document.getElementById("ledger-export");
  if (button.dataset.href) {
    button.disabled = false;
    button.onclick = () => { window.location.href = button.dataset.href; };
  }
}

// ------------------------------------------------------------------------------------------- the wish queue

const WISHES = `query ($scope: ID) { wishes(scope: $scope, first: 100) { nodes {
  id code title status submittedAt expectedBy household { code address } } } }`;
const WISH_UPDATES = `subscription ($scope: ID) { wishUpdates(scope: $scope) {
  action status previousStatus wish { id code title status submittedAt expectedBy household { code address } } } }`;

const COUNTY_TIME = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
});

function countyTime(instant) {
  // Instants come in UTC; people read them in the county's time.
  return instant ? COUNTY_TIME.format(new Date(instant)) : "";
}

function overdue(w) {
  return OPEN_WISHES.has(w.status) && w.expectedBy && w.expectedBy < state.today;
}

function renderWishes() {
  const tbody = document.querySelector("#wish-table tbody");
  tbody.innerHTML = "";
  const rows = [...state.wishes.values()].sort((a, b) =>
    (OPEN_WISHES.has(b.status) - OPEN_WISHES.has(a.status)) || (overdue(b) - overdue(a)) || (b.submittedAt > a.submittedAt ? 1 : -1));
  for (const w of rows) {
    const tr = document.createElement("tr");
    tr.dataset.code = w.code;
    tr.className = [overdue(w) ? "overdue" : "", w.fresh ? "fresh" : ""].join(" ").trim();
    tr.innerHTML = `<td>${esc(w.code)}</td><td>${esc(w.title)}</td><td><span class="status ${w.status}">${WISH_STATUS[w.status]}</span></td>` +
      `<td>${esc(w.household?.address)}</td><td>${esc(countyTime(w.submittedAt))}</td><td>${esc(w.expectedBy || "")}</td>`;
    tr.onclick = () => openCard(w.id);
    tbody.append(tr);
    w.fresh = false;
  }
  const open = rows.filter((w) => OPEN_WISHES.has(w.status));
  document.getElementById("wishes-summary").textContent = `办理中 ${open.length} 件，逾期 ${open.filter(overdue).length} 件，共 ${rows.length} 件`;
}

async function loadWishes() {
  const data = await gql(WISHES, { scope: scopeId() });
  state.wishes = new Map(data.wishes.nodes.map((w) => [w.code, w]));
  renderWishes();
}

function subscribeWishes() {
  if (state.stopWishes) state.stopWishes();
  if (state.socket) state.socket.dispose();
  const url = new URL(API, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const live = document.getElementById("live");
  state.socket = graphqlWs.createClient({
    url: url.toString(),
    connectionParams: () => (state.token ? { authorization: `Bearer ${state.token}` } : {}),
    retryAttempts: Infinity,
    shouldRetry: () => true,
    on: { connected: () => live.classList.add("on"), closed: () => live.classList.remove("on") },
  });
  state.stopWishes = state.socket.subscribe(
    { query: WISH_UPDATES, variables: { scope: scopeId() } },
    {
      next: ({ data, errors }) => {
        if (errors) return showError(new Error(errors.map((e) => e.message).join("；")));
        const update = data.wishUpdates;
        if (!update.wish) return;
        state.wishes.set(update.wish.code, { ...update.wish, fresh: true });
        state.lastUpdate = update;
        if (state.loaded.wishes) renderWishes();
      },
      error: (error) => console.warn("wish updates:", error),
      complete: () => {},
    },
  );
}

// ------------------------------------------------------------------------------------------- start

const LOADERS = {
  overview: guarded(loadOverview),
  map: guarded(loadMap),
  network: guarded(loadNetwork),
  uncovered: guarded(loadUncovered),
  wishes: guarded(loadWishes),
};

function start() {
  for (const b of document.querySelectorAll("#tabs button")) b.onclick = () => showTab(b.dataset.tab);
  document.getElementById("card-close").onclick = () => { document.getElementById("card").hidden = true; };
  document.getElementById("signin").onsubmit = (e) => {
    e.preventDefault();
    const input = document.getElementById("token");
    signIn(input.value.trim());
    input.value = "";
  };
  document.getElementById("signout").onclick = () => signIn(null);
  window.addEventListener("resize", () => Object.values(state.charts).forEach((c) => c.resize()));
  // A token may come in the fragment (#token=…, never sent to a server or kept in logs) or from this tab's session.
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get("token");
  if (fromHash) history.replaceState(null, "", window.location.pathname + window.location.search);
  signIn(fromHash || sessionStorage.getItem("token"));
}

start();
