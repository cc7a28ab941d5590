"""Parity oracle for tests: Hermes's Models-page query run by Python's own sqlite3 module.

Re-states the SQL and the post-processing of hermes_cli/web_server.py::_get_models_analytics
(with _aux_usage_rows and _fold_session_only_rows) so the TypeScript implementation can be checked
against a different SQLite build and a different language. Prints the response as JSON.

usage: python3 hermes-models-analytics.py <state.db> <cutoff-epoch-seconds> <days>
"""
import json
import sqlite3
import sys


def main():
    path, cutoff, days = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    con.row_factory = sqlite3.Row

    def fetch(sql):
        return [dict(r) for r in con.execute(sql, (cutoff,)).fetchall()]

    rows = fetch("""
        SELECT model, billing_provider,
               SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
               SUM(cache_read_tokens) AS cache_read_tokens, SUM(reasoning_tokens) AS reasoning_tokens,
               COALESCE(SUM(estimated_cost_usd), 0) AS estimated_cost,
               COALESCE(SUM(actual_cost_usd), 0) AS actual_cost,
               COUNT(*) AS sessions, SUM(COALESCE(api_call_count, 0)) AS api_calls,
               SUM(tool_call_count) AS tool_calls, MAX(started_at) AS last_used_at,
               AVG(input_tokens + output_tokens) AS avg_tokens_per_session
        FROM sessions
        WHERE started_at > ? AND model IS NOT NULL AND model != ''
        GROUP BY model, billing_provider
        ORDER BY SUM(input_tokens) + SUM(output_tokens) DESC, model, billing_provider
    """)
    try:
        aux_rows = fetch("""
            SELECT u.model, u.task, u.billing_provider,
                   SUM(u.input_tokens) AS input_tokens, SUM(u.output_tokens) AS output_tokens,
                   SUM(u.cache_read_tokens) AS cache_read_tokens, SUM(u.reasoning_tokens) AS reasoning_tokens,
                   COALESCE(SUM(u.estimated_cost_usd), 0) AS estimated_cost,
                   COUNT(DISTINCT u.session_id) AS sessions,
                   SUM(COALESCE(u.api_call_count, 0)) AS api_calls,
                   MAX(u.last_seen) AS last_used_at
            FROM session_model_usage u JOIN sessions s ON s.id = u.session_id
            WHERE s.started_at > ? AND u.task != ''
            GROUP BY u.model, u.task, u.billing_provider
            ORDER BY SUM(u.input_tokens) + SUM(u.output_tokens) DESC, u.model, u.task, u.billing_provider
        """)
    except sqlite3.Error:
        aux_rows = []
    for aux in aux_rows:
        row = {
            "model": aux.get("model") or "unknown",
            "billing_provider": aux.get("billing_provider") or "",
            "actual_cost": 0,
            "tool_calls": 0,
            "last_used_at": aux.get("last_used_at"),
            "avg_tokens_per_session": 0,
            "aux_task": aux.get("task") or "",
        }
        for key in ("input_tokens", "output_tokens", "cache_read_tokens", "reasoning_tokens",
                    "estimated_cost", "sessions", "api_calls"):
            row[key] = aux.get(key) or 0
        rows.append(row)

    counters = ("input_tokens", "output_tokens", "cache_read_tokens", "reasoning_tokens",
                "estimated_cost", "actual_cost", "api_calls", "tool_calls")

    def has_usage(r):
        return any((r.get(k) or 0) != 0 for k in counters)

    by_model = {}
    for r in rows:
        by_model.setdefault(r.get("model") or "", []).append(r)
    folded = []
    for group in by_model.values():
        owners = [r for r in group if r.get("billing_provider")]
        if len(owners) != 1:
            folded.extend(group)
            continue
        owner = owners[0]
        for r in group:
            if r is owner or r.get("billing_provider") or has_usage(r):
                continue
            owner["sessions"] = (owner.get("sessions") or 0) + (r.get("sessions") or 0)
            owner["last_used_at"] = max(owner.get("last_used_at") or 0, r.get("last_used_at") or 0)
            total = (owner.get("input_tokens") or 0) + (owner.get("output_tokens") or 0)
            owner["avg_tokens_per_session"] = total / owner["sessions"] if owner["sessions"] else 0
        folded.append(owner)
        folded.extend(r for r in group if r is not owner and (r.get("billing_provider") or has_usage(r)))
    folded.sort(key=lambda r: (r.get("input_tokens") or 0) + (r.get("output_tokens") or 0), reverse=True)

    keys = ("input_tokens", "output_tokens", "cache_read_tokens", "reasoning_tokens", "estimated_cost",
            "actual_cost", "sessions", "api_calls", "tool_calls", "last_used_at", "avg_tokens_per_session")
    models = []
    for r in folded:
        out = {"model": r["model"], "provider": r.get("billing_provider") or ""}
        out.update({k: r[k] for k in keys})
        if "aux_task" in r:
            out["aux_task"] = r["aux_task"]
        models.append(out)

    totals = fetch("""
        SELECT COUNT(DISTINCT model) AS distinct_models,
               SUM(input_tokens) AS total_input, SUM(output_tokens) AS total_output,
               SUM(cache_read_tokens) AS total_cache_read, SUM(reasoning_tokens) AS total_reasoning,
               COALESCE(SUM(estimated_cost_usd), 0) AS total_estimated_cost,
               COALESCE(SUM(actual_cost_usd), 0) AS total_actual_cost,
               COUNT(*) AS total_sessions, SUM(COALESCE(api_call_count, 0)) AS total_api_calls
        FROM sessions WHERE started_at > ? AND model IS NOT NULL AND model != ''
    """)[0]
    json.dump({"models": models, "totals": totals, "period_days": days}, sys.stdout)


if __name__ == "__main__":
    main()
