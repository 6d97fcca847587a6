/**
 * The viewer page's script, as text inlined into the HTML (the page fetches nothing). Plain
 * browser JavaScript, run in strict mode; it is tested end to end in headless Chromium
 * (test/view). Trace text reaches the page only through `textContent` and `JSON.parse`, never as
 * markup.
 *
 * What it does: pan (drag) and zoom (wheel, buttons, keys + − 0); click an event to highlight its
 * causal past and future from the vector clocks and show its details; hide process lines; search
 * the logged and printed texts; `#e42` at the end of the address shows and selects event 42.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('chitty-data').textContent);
  var viewport = document.getElementById('viewport');
  var stage = document.getElementById('stage');
  var svg = stage.querySelector('svg');
  var details = document.getElementById('details');
  var status = document.getElementById('status');
  var search = document.getElementById('search');
  var searchCount = document.getElementById('search-count');

  // --- the events and their elements -------------------------------------------------------
  var byIndex = new Map();
  data.events.forEach(function (event) { byIndex.set(event.i, event); });
  var elementsOf = new Map();
  svg.querySelectorAll('[data-i]').forEach(function (element) {
    var i = Number(element.getAttribute('data-i'));
    var list = elementsOf.get(i);
    if (list) list.push(element); else elementsOf.set(i, [element]);
  });
  var arrows = Array.prototype.slice.call(svg.querySelectorAll('[data-from],[data-to]'));

  function el(tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined) element.textContent = text;
    if (className) element.className = className;
    return element;
  }

  // --- pan and zoom ------------------------------------------------------------------------
  var view = { x: 0, y: 0, scale: 1 };
  var MIN_SCALE = 0.02;
  var MAX_SCALE = 12;
  var widthPx = Number(svg.getAttribute('width'));
  var heightPx = Number(svg.getAttribute('height'));

  function apply() {
    stage.style.transform = 'translate(' + view.x + 'px,' + view.y + 'px) scale(' + view.scale + ')';
    document.getElementById('zoom-level').textContent = Math.round(view.scale * 100) + ' %';
  }
  function zoomAt(factor, cx, cy) {
    var scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
    view.x = cx - (cx - view.x) * (scale / view.scale);
    view.y = cy - (cy - view.y) * (scale / view.scale);
    view.scale = scale;
    apply();
  }
  function zoomCentre(factor) {
    zoomAt(factor, viewport.clientWidth / 2, viewport.clientHeight / 2);
  }
  function fit() {
    var scale = Math.min(1, (viewport.clientWidth - 16) / widthPx);
    view.scale = Math.max(MIN_SCALE, scale);
    view.x = Math.max(8, (viewport.clientWidth - widthPx * view.scale) / 2);
    view.y = 8;
    apply();
  }
  function actualSize() {
    view.scale = 1;
    view.x = Math.max(8, (viewport.clientWidth - widthPx) / 2);
    view.y = 8;
    apply();
  }
  /** Moves the view so that the diagram point (x, y) is in the middle. */
  function centreOn(x, y) {
    view.x = viewport.clientWidth / 2 - x * view.scale;
    view.y = viewport.clientHeight / 2 - y * view.scale;
    apply();
  }

  // The viewport does not scroll; when the browser scrolls it anyway (find in page, focus), that
  // becomes a pan, so positions stay what the transform says.
  viewport.addEventListener('scroll', function () {
    view.x -= viewport.scrollLeft;
    view.y -= viewport.scrollTop;
    viewport.scrollLeft = 0;
    viewport.scrollTop = 0;
    apply();
  });

  viewport.addEventListener('wheel', function (event) {
    event.preventDefault();
    var box = viewport.getBoundingClientRect();
    var step = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    zoomAt(Math.exp(-step * 0.0015), event.clientX - box.left, event.clientY - box.top);
  }, { passive: false });

  var drag = null;
  var dragged = false;
  viewport.addEventListener('pointerdown', function (event) {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, viewX: view.x, viewY: view.y, id: event.pointerId };
    dragged = false;
  });
  viewport.addEventListener('pointermove', function (event) {
    if (!drag || event.pointerId !== drag.id) return;
    var dx = event.clientX - drag.x;
    var dy = event.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!dragged) {
      dragged = true;
      viewport.setPointerCapture(event.pointerId);
      viewport.classList.add('dragging');
    }
    view.x = drag.viewX + dx;
    view.y = drag.viewY + dy;
    apply();
  });
  function endDrag(event) {
    if (!drag || event.pointerId !== drag.id) return;
    if (dragged && viewport.hasPointerCapture(event.pointerId)) viewport.releasePointerCapture(event.pointerId);
    viewport.classList.remove('dragging');
    drag = null;
  }
  viewport.addEventListener('pointerup', endDrag);
  viewport.addEventListener('pointercancel', endDrag);

  document.getElementById('zoom-in').addEventListener('click', function () { zoomCentre(1.25); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoomCentre(0.8); });
  document.getElementById('zoom-fit').addEventListener('click', fit);
  document.getElementById('zoom-one').addEventListener('click', actualSize);
  document.addEventListener('keydown', function (event) {
    if (event.target === search || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === '+' || event.key === '=') zoomCentre(1.25);
    else if (event.key === '-') zoomCentre(0.8);
    else if (event.key === '0') fit();
    else if (event.key === 'Escape') select(undefined);
    else return;
    event.preventDefault();
  });

  // --- causality ---------------------------------------------------------------------------
  /** a <= b entry by entry. */
  function atMost(a, b) {
    for (var k = 0; k < a.length; k++) if (a[k] > b[k]) return false;
    return true;
  }
  /**
   * The events that happened before and after 'event' (vector clocks: e -> f iff vc(e) <= vc(f)
   * and e != f). A lost message has no clock: its past is its send and what happened before it.
   */
  function cone(event) {
    var past = [];
    var future = [];
    var clock = event.vc;
    var includeSend = null;
    if (!clock && event.kind === 'drop' && event.msg !== undefined) {
      data.events.forEach(function (other) {
        if (!includeSend && other.kind === 'send' && other.msg === event.msg && other.vc) includeSend = other;
      });
      if (includeSend) {
        clock = includeSend.vc;
        past.push(includeSend);
      }
      if (clock) {
        data.events.forEach(function (other) {
          if (other !== includeSend && other.vc && atMost(other.vc, clock)) past.push(other);
        });
      }
      return { past: past, future: future };
    }
    if (!clock) return { past: past, future: future };
    data.events.forEach(function (other) {
      if (other === event || !other.vc) return;
      if (atMost(other.vc, clock)) past.push(other);
      else if (atMost(clock, other.vc)) future.push(other);
    });
    return { past: past, future: future };
  }

  var marked = [];
  function mark(i, className) {
    (elementsOf.get(i) || []).forEach(function (element) {
      element.classList.add(className);
      marked.push([element, className]);
    });
  }
  function clearMarks() {
    marked.forEach(function (pair) { pair[0].classList.remove(pair[1]); });
    marked = [];
    svg.classList.remove('focus');
  }

  function formatClock(vc) {
    if (!vc) return 'none (a lost message is no event of any process)';
    var parts = [];
    vc.forEach(function (count, k) { if (count !== 0) parts.push(data.clockNodes[k] + ' ' + count); });
    return parts.length ? parts.join(', ') : 'all zero';
  }
  function kindText(event) {
    if (event.kind === 'send') return 'send ' + (event.type || 'message') + ' to ' + event.peer;
    if (event.kind === 'receive') return 'receive ' + (event.type || 'message') + ' from ' + event.peer;
    if (event.kind === 'drop') return 'lost ' + (event.type || 'message') + ' (' + (event.reason || 'unknown reason') + ')';
    if (event.kind === 'local') return 'local event';
    return event.kind;
  }

  function row(list, name, value) {
    if (value === undefined || value === null || value === '') return;
    list.appendChild(el('dt', name));
    list.appendChild(el('dd', String(value)));
  }

  function showDetails(event, past, future) {
    details.replaceChildren();
    details.appendChild(el('h2', 'Event #' + event.i));
    var list = el('dl');
    row(list, 'Node', event.node);
    row(list, 'Kind', kindText(event));
    row(list, 'Lamport', event.lamport);
    row(list, 'Virtual time', event.t + ' ms');
    row(list, 'Vector clock', formatClock(event.vc) + (event.vc && data.vcComputed ? ' (computed from the trace)' : ''));
    if (event.type !== undefined) row(list, 'Message', event.type + (event.msg !== undefined ? ' (msg ' + event.msg + ')' : ''));
    else row(list, 'Message id', event.msg);
    row(list, 'Peer', event.peer);
    row(list, 'Reason', event.reason);
    row(list, 'Logged', event.text);
    row(list, 'Prints', event.shows);
    details.appendChild(list);
    var summary = el('p', undefined, 'cone');
    summary.appendChild(el('span', past.length + ' before', 'key past'));
    summary.appendChild(document.createTextNode(' · '));
    summary.appendChild(el('span', future.length + ' after', 'key future'));
    var drawn = data.events.filter(function (other) { return other.vc; }).length;
    var concurrent = event.vc ? drawn - 1 - past.length - future.length : 0;
    if (event.vc) summary.appendChild(document.createTextNode(' · ' + concurrent + ' concurrent (in this window)'));
    details.appendChild(summary);
  }

  var selected;
  function select(i) {
    clearMarks();
    selected = i === undefined ? undefined : byIndex.get(i);
    if (!selected) {
      details.replaceChildren(el('p', 'Click an event to see its details and what happened before and after it.', 'hint'));
      status.textContent = '';
      return;
    }
    var c = cone(selected);
    var inCone = new Set([selected.i]);
    c.past.forEach(function (event) { mark(event.i, 'hl-past'); inCone.add(event.i); });
    c.future.forEach(function (event) { mark(event.i, 'hl-future'); inCone.add(event.i); });
    mark(selected.i, 'hl-selected');
    arrows.forEach(function (arrow) {
      var from = arrow.getAttribute('data-from');
      var to = arrow.getAttribute('data-to');
      if (from !== null && to !== null && inCone.has(Number(from)) && inCone.has(Number(to))) {
        arrow.classList.add('hl-message');
        marked.push([arrow, 'hl-message']);
      }
    });
    svg.classList.add('focus');
    showDetails(selected, c.past, c.future);
    status.textContent = 'Event #' + selected.i + ': ' + c.past.length + ' before, ' + c.future.length + ' after';
  }

  /** The drawn event nearest a diagram point, within 'radius' px. */
  function nearest(x, y, radius) {
    var best;
    var bestDistance = radius * radius;
    data.events.forEach(function (event) {
      if (event.x === undefined || hiddenNode(event.node)) return;
      var dx = event.x - x;
      var dy = event.y - y;
      var distance = dx * dx + dy * dy;
      if (distance <= bestDistance) { best = event; bestDistance = distance; }
    });
    return best;
  }

  viewport.addEventListener('click', function (event) {
    if (dragged) { dragged = false; return; }
    var target = event.target.closest ? event.target.closest('[data-i]') : null;
    if (target && svg.contains(target)) { select(Number(target.getAttribute('data-i'))); return; }
    // Marks are small: a click near one selects it.
    var box = stage.getBoundingClientRect();
    var x = (event.clientX - box.left) / view.scale;
    var y = (event.clientY - box.top) / view.scale;
    var near = nearest(x, y, 10 / view.scale + 2);
    select(near ? near.i : undefined);
  });

  // --- process lines on and off ---------------------------------------------------------------
  var hidden = new Set();
  function hiddenNode(node) {
    var lane = data.lanes.indexOf(node);
    return lane >= 0 && hidden.has(lane);
  }
  var nodeBox = document.getElementById('nodes');
  data.lanes.forEach(function (node, lane) {
    var label = el('label');
    var box = el('input');
    box.type = 'checkbox';
    box.checked = true;
    box.setAttribute('data-lane', String(lane));
    box.addEventListener('change', function () {
      if (box.checked) { hidden.delete(lane); svg.classList.remove('hide-lane-' + lane); }
      else { hidden.add(lane); svg.classList.add('hide-lane-' + lane); }
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(' ' + node));
    nodeBox.appendChild(label);
  });

  // --- search --------------------------------------------------------------------------------
  var matches = [];
  var matchAt = -1;
  var matchMarks = [];
  function runSearch() {
    matchMarks.forEach(function (element) { element.classList.remove('match'); });
    matchMarks = [];
    matches = [];
    matchAt = -1;
    var query = search.value.trim().toLowerCase();
    if (query === '') { searchCount.textContent = ''; return; }
    data.events.forEach(function (event) {
      var text = (event.text + '\n' + (event.shows || '')).toLowerCase();
      if (text.indexOf(query) >= 0) matches.push(event);
    });
    matches.forEach(function (event) {
      (elementsOf.get(event.i) || []).forEach(function (element) { element.classList.add('match'); matchMarks.push(element); });
    });
    searchCount.textContent = matches.length === 1 ? '1 match' : matches.length + ' matches';
  }
  function nextMatch(step) {
    var shown = matches.filter(function (event) { return event.x !== undefined && !hiddenNode(event.node); });
    if (shown.length === 0) return;
    matchAt = (matchAt + step + shown.length) % shown.length;
    var event = shown[matchAt];
    centreOn(event.x, event.y);
    select(event.i);
    searchCount.textContent = (matchAt + 1) + ' of ' + matches.length;
  }
  search.addEventListener('input', runSearch);
  search.addEventListener('keydown', function (event) {
    if (event.key === 'Enter') { event.preventDefault(); nextMatch(event.shiftKey ? -1 : 1); }
    else if (event.key === 'Escape') { search.value = ''; runSearch(); }
  });
  document.getElementById('search-next').addEventListener('click', function () { nextMatch(1); });
  document.getElementById('search-previous').addEventListener('click', function () { nextMatch(-1); });

  // A link to an event: page.html#e42 shows event 42 at full size, selected.
  function followHash() {
    var match = /^#e(\d+)$/.exec(location.hash);
    var event = match ? byIndex.get(Number(match[1])) : undefined;
    if (!event || event.x === undefined) return false;
    view.scale = 1;
    centreOn(event.x, event.y);
    select(event.i);
    return true;
  }
  window.addEventListener('hashchange', followHash);

  select(undefined);
  fit();
  followHash();
  document.body.setAttribute('data-ready', 'true');
})();
`;
