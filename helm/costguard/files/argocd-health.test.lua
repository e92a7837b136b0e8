-- Cases for argocd-health.lua. `make test` runs this file with LuaJ (ArgoCdHealthCheckTest); by
-- hand: lua5.4 helm/costguard/files/argocd-health.test.lua. The check itself keeps to Lua 5.1,
-- which Argo CD runs as gopher-lua. Raises an error naming every case with another status.
local dir = (arg and arg[0] or ""):match("^(.*[/\\])") or "./"
local script = dir .. "argocd-health.lua"
local now = "2026-06-10T10:00:00Z"
local cases = {
  {"no status", {metadata={generation=1}}, "Progressing"},
  {"old generation", {metadata={generation=3}, status={observedGeneration=2, conditions={{type="Ready", status="True"}}}}, "Progressing"},
  {"no observedGeneration", {metadata={generation=1}, status={conditions={{type="Ready", status="True"}}}}, "Progressing"},
  {"ready true", {metadata={generation=2}, status={observedGeneration=2, conditions={{type="Ready", status="True", message="Accruing"}}}}, "Healthy"},
  {"ready false", {metadata={generation=2}, status={observedGeneration=2, conditions={{type="Ready", status="False", reason="Conflict", message="HPA x drives the target"}}}}, "Degraded"},
  {"ready unknown", {metadata={generation=2}, status={observedGeneration=2, conditions={{type="Ready", status="Unknown"}}}}, "Progressing"},
  {"no ready cond", {metadata={generation=2}, status={observedGeneration=2, conditions={}}}, "Progressing"},
  {"exceeded", {metadata={generation=2}, status={observedGeneration=2, conditions={{type="Ready", status="True"},{type="BudgetExceeded", status="True", message="1050 of 1000 USD"}}}}, "Healthy"},
  {"cannot wake", {metadata={generation=2}, status={observedGeneration=2, conditions={{type="Ready", status="True", message="Awake"},{type="Degraded", status="True", reason="RestoreFailed", message="could not wake dev/api"}}}}, "Degraded"},
  {"degraded false", {metadata={generation=2}, status={observedGeneration=2, conditions={{type="Ready", status="True"},{type="Degraded", status="False"}}}}, "Healthy"},
  {"stalled", {metadata={generation=2}, status={observedGeneration=2, conditions={{type="Ready", status="False", reason="InvalidSchedule"},{type="Stalled", status="True", reason="InvalidSchedule", message="unknown time zone"}}}}, "Degraded"},
  {"reconciling", {metadata={generation=2}, status={observedGeneration=2, conditions={{type="Ready", status="True"},{type="Reconciling", status="True", reason="Waking", message="retrying dev/api"}}}}, "Progressing"},
  {"terminating", {metadata={generation=2, deletionTimestamp=now}, status={observedGeneration=2, conditions={{type="Ready", status="True"}}}}, "Progressing"},
  {"terminating before any status", {metadata={generation=1, deletionTimestamp=now}}, "Progressing"},
}
local failed = {}
for _, c in ipairs(cases) do
  local env = setmetatable({obj = c[2]}, {__index = _G})
  local f = assert(loadfile(script, "t", env))
  local hs = f()
  local ok = hs.status == c[3] and type(hs.message) == "string" and hs.message ~= ""
  if not ok then
    table.insert(failed, c[1] .. " -> " .. tostring(hs.status) .. " (want " .. c[3] .. ")")
  end
  print((ok and "ok  " or "FAIL") .. " " .. c[1] .. " -> " .. tostring(hs.status) .. ": " .. tostring(hs.message))
end
if #failed > 0 then
  error(#failed .. " case(s) failed: " .. table.concat(failed, "; "))
end
return #cases
