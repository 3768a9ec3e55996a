/// The console's one stylesheet and one script, shipped in the binary (no CDN, no build step).
///
/// The script: selecting a state in the graph shows its Step details; an execution page that is
/// running asks `/console/data/executions/…` each second and, when the execution's version
/// changed, fetches the page again and swaps in the parts marked `data-live`; the executions list
/// and the quotas page refresh their counts; tree nodes load their children when opened; forms
/// with `data-confirm` ask first; a `data-json` field must parse as JSON before its form is sent.
enum ConsoleAssets {
    static let css = """
        body { font: 14px/1.45 system-ui, sans-serif; color: #111827; margin: 0; }
        header { background: #111827; color: #fff; padding: 8px 20px; display: flex; gap: 16px; align-items: center; }
        header a { color: #d1d5db; text-decoration: none; margin-right: 12px; } header a.current { color: #fff; font-weight: 600; }
        header form { margin-left: auto; } .muted-light { color: #9ca3af; }
        main { max-width: 1200px; margin: 20px auto; padding: 0 20px; }
        table { border-collapse: collapse; } th, td { text-align: left; padding: 3px 10px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
        .card { border: 1px solid #e5e7eb; border-radius: 6px; padding: 12px; }
        form.card label { display: block; margin: 8px 0; } input, select, textarea { font: inherit; padding: 4px; }
        form.card input { min-width: 280px; } textarea { font-family: ui-monospace, monospace; }
        form.inline { display: inline-block; margin-top: 10px; } button.danger { background: #b91c1c; color: #fff; border: 0; padding: 6px 12px; border-radius: 4px; }
        .filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 10px 0; }
        .status { font-weight: 600; } .SUCCEEDED { color: #15803d; } .FAILED, .TIMED_OUT, .ABORTED, .error { color: #b91c1c; }
        .RUNNING, .PENDING { color: #1d4ed8; } .CAUGHT { color: #c2410c; } .STOPPED, .NOT_REACHED, .muted { color: #6b7280; }
        .chips a, .chip { display: inline-block; padding: 2px 8px; margin-right: 6px; border: 1px solid #e5e7eb; border-radius: 12px; text-decoration: none; }
        .chip.selected { border-color: #111827; }
        pre { background: #f9fafb; padding: 8px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 400px; overflow: auto; }
        ul.tree { list-style: none; padding-left: 0; } ul.tree li { margin: 3px 0; } details.lazy summary { cursor: pointer; color: #6b7280; }
        .split { display: flex; gap: 20px; align-items: flex-start; } .split section { flex: 1; overflow-x: auto; } .split aside { width: 340px; }
        svg.graph text { font: 12px system-ui, sans-serif; fill: #111827; } svg.graph text.type, svg.graph tspan.type { fill: #6b7280; font-size: 11px; }
        svg.graph g.state { cursor: pointer; } svg.graph g.state rect { stroke-width: 1.5; }
        svg.graph g.NOT_REACHED rect { fill: #fff; stroke: #9ca3af; } svg.graph g.SUCCEEDED rect { fill: #dcfce7; stroke: #15803d; }
        svg.graph g.FAILED rect { fill: #fee2e2; stroke: #b91c1c; } svg.graph g.CAUGHT rect { fill: #ffedd5; stroke: #c2410c; }
        svg.graph g.RUNNING rect { fill: #dbeafe; stroke: #1d4ed8; } svg.graph g.STOPPED rect { fill: #f3f4f6; stroke: #6b7280; }
        svg.graph g.selected rect { stroke-width: 3.5; } svg.graph rect.branch { fill: none; stroke: #d1d5db; stroke-dasharray: 3 3; }
        .legend span { margin-right: 10px; font-weight: 600; }
        table.events tr.failure td { background: #fef2f2; } table.events pre { max-height: 240px; }
        .bar { width: 420px; height: 14px; background: #e5e7eb; border-radius: 7px; overflow: hidden; } .bar div { height: 100%; background: #1d4ed8; }
        .pager a { margin-right: 16px; }
        """

    static let js = """
        "use strict";
        function $(s, root) { return (root || document).querySelector(s); }
        function text(tag, value, cls) { const e = document.createElement(tag); e.textContent = value; if (cls) e.className = cls; return e; }
        let selected = null;
        function showStep(name) {
          const aside = $("#step-details"), data = $("#steps-data");
          if (!aside || !data) return;
          selected = name;
          document.querySelectorAll("g.state").forEach(g => g.classList.toggle("selected", g.dataset.state === name));
          const step = JSON.parse(data.textContent)[name];
          aside.replaceChildren(text("h2", "Step details"), text("h3", name));
          if (!step) { aside.append(text("p", "Not reached.", "muted")); return; }
          aside.append(text("p", step.status + (step.entered > 1 ? " · entered " + step.entered + " times" : ""), "status " + step.status));
          if (step.childLink) {
            const p = text("p", "Started execution: ");
            const a = text("a", step.child.split(":").pop()); a.href = step.childLink; a.id = "step-child";
            p.append(a); aside.append(p);
          }
          if (step.error) aside.append(text("p", step.error + (step.cause ? ": " + step.cause : ""), "error"));
          if (step.input !== undefined) { aside.append(text("h4", "Input")); aside.append(text("pre", step.input)); }
          if (step.output !== undefined) { aside.append(text("h4", "Output")); aside.append(text("pre", step.output)); }
        }
        function wire(root) {
          root.querySelectorAll("g.state").forEach(g => {
            g.addEventListener("click", () => showStep(g.dataset.state));
            g.addEventListener("keydown", e => { if (e.key === "Enter") showStep(g.dataset.state); });
          });
          root.querySelectorAll("details.lazy").forEach(d => d.addEventListener("toggle", async () => {
            if (!d.open || d.dataset.loaded) return;
            d.dataset.loaded = "1";
            const r = await fetch(d.dataset.url, { credentials: "same-origin" });
            $("ul", d).innerHTML = r.ok ? await r.text() : "<li class=error>could not load</li>";
            wire(d);
          }));
          root.querySelectorAll("button.load-more").forEach(b => b.addEventListener("click", async () => {
            const r = await fetch(b.dataset.url, { credentials: "same-origin" });
            if (!r.ok) return;
            const li = b.closest("li"), tmp = document.createElement("ul");
            tmp.innerHTML = await r.text();
            wire(tmp);
            li.replaceWith(...tmp.children);
          }));
        }
        async function follow(live) {
          while (live.dataset.running) {
            await new Promise(r => setTimeout(r, 1000));
            let now;
            try { now = await (await fetch(live.dataset.poll, { credentials: "same-origin" })).json(); } catch (e) { continue; }
            if (String(now.version) === live.dataset.version) continue;
            const page = new DOMParser().parseFromString(await (await fetch(location.href, { credentials: "same-origin" })).text(), "text/html");
            document.querySelectorAll("[data-live]").forEach(part => {
              const fresh = page.getElementById(part.id);
              if (fresh) { part.replaceWith(fresh); wire(fresh); }
            });
            const next = page.getElementById("live");
            live.dataset.version = next ? next.dataset.version : now.version;
            if (!next || !next.dataset.running) delete live.dataset.running;
            if (selected) showStep(selected);
          }
        }
        async function counts(box) {
          for (;;) {
            await new Promise(r => setTimeout(r, 2000));
            try {
              const c = await (await fetch(box.dataset.counts, { credentials: "same-origin" })).json();
              box.querySelectorAll("b[id^=count-]").forEach(b => { b.textContent = c[b.id.slice(6)] || 0; });
            } catch (e) {}
          }
        }
        async function quota(box) {
          for (;;) {
            await new Promise(r => setTimeout(r, 1000));
            try {
              const q = await (await fetch(box.dataset.quota, { credentials: "same-origin" })).json();
              $("#open").textContent = q.openExecutions; $("#max-open").textContent = q.maxOpenExecutions;
              $("#open-bar").style.width = Math.min(100, 100 * q.openExecutions / Math.max(1, q.maxOpenExecutions)) + "%";
              $("#tokens").textContent = q.startBucket.tokens;
            } catch (e) {}
          }
        }
        document.addEventListener("DOMContentLoaded", () => {
          wire(document);
          document.querySelectorAll("form[data-confirm]").forEach(f => f.addEventListener("submit", e => { if (!confirm(f.dataset.confirm)) e.preventDefault(); }));
          document.querySelectorAll("textarea[data-json]").forEach(t => t.form.addEventListener("submit", e => {
            const error = $("#input-error");
            try { JSON.parse(t.value); error.hidden = true; }
            catch (x) { e.preventDefault(); error.textContent = "The input is not valid JSON: " + x.message; error.hidden = false; }
          }));
          const live = $("#live"); if (live) follow(live);
          const box = $("#counts"); if (box) counts(box);
          const q = $("#quota"); if (q) quota(q);
        });
        """
}
