-- Cases for argocd-health.lua, run with Lua 5.2+ (the check itself keeps to Lua 5.1, which
-- Argo CD runs as gopher-lua):  apt-get install -y lua5.4 && lua5.4 helm/costguard/files/argocd-health.test.lua
-- Exits non-zero when a case gets another health status than expected.
local dir = (arg and arg[0] or ""):match("^(.*[/\\])") or "./"
local script = dir .. "argocd-health.lua"
local cases = {
  {"no status", {metadata={generation=1}}, "Progressing"},
  {"old generation", {metadata={generation=3}, status={observedGeneration=2, conditions={{type="Ready", status="True"}}}}, "Progressing"},
  {"no observedGeneration", {metadata={generation=1}, status={conditions={{type="Ready", status="True"}}}}, "Progressing"},
  {"ready true", {metadata={generation=2}, status={observedGeneration=2, conditions={{type="Ready", status="True", message="Accruing"}}}}, "Healthy"},
  {"ready false", {metadata={generation=2}, status={observedGeneration=2, conditions={{type="Ready", status="False", reason="Conflict", message="HPA x drives the target"}}}}, "Degraded"},
  {"ready unknown", {metadata={generation=2}, status={observedGeneration=2, conditions={{type="Ready", status="Unknown"}}}}, "Progressing"},
  {"no ready cond", {metadata={generation=2}, status={observedGeneration=2, conditions={}}}, "Progressing"},
  {"exceeded", {metadata={generation=2}, status={observedGeneration=2, conditions={{type="Ready", status="True"},{type="BudgetExceeded", status="True", message="1050 of 1000 USD"}}}}, "Healthy"},
}
local fails = 0
for _, c in ipairs(cases) do
  local env = setmetatable({obj = c[2]}, {__index = _G})
  local f = assert(loadfile(script, "t", env))
  local hs = f()
  local ok = hs.status == c[3]
  if not ok then fails = fails + 1 end
  print((ok and "ok  " or "FAIL") .. " " .. c[1] .. " -> " .. hs.status .. ": " .. hs.message)
end
os.exit(fails == 0 and 0 or 1)
