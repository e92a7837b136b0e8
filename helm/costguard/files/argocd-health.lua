-- Argo CD health check for Costguard resources (PriceCatalog, WorkloadBudget, ScalingPolicy,
-- ShutdownSchedule): the same script for all four kinds, installed through argocd-cm
-- (see argocd-cm.yaml next to this file and the chart README, "GitOps"). Lua 5.1 (gopher-lua).
--
-- Progressing  being deleted (the operator restores workloads before its finalizer goes);
--              the operator has not yet reconciled the latest spec
--              (status.observedGeneration < metadata.generation); Reconciling=True (work in
--              flight, e.g. a wake-up being retried); or Ready is Unknown / missing
-- Degraded     Stalled=True or Ready=False for the current generation (the spec cannot be acted
--              on: the message says why), or Degraded=True (e.g. RestoreFailed: a schedule that
--              cannot wake its workloads)
-- Healthy      Ready=True for the current generation and nothing above
--
-- A budget at risk or exceeded is not unhealthy (the resource is doing its job): it stays
-- Healthy and the message says so; alert on it with the chart's alert rules instead.
local hs = {}

local function conditionOf(conditions, type)
  if conditions == nil then
    return nil
  end
  for _, condition in ipairs(conditions) do
    if condition.type == type then
      return condition
    end
  end
  return nil
end

local function isTrue(condition)
  return condition ~= nil and condition.status == "True"
end

local function explain(condition, fallback)
  if condition.reason ~= nil and condition.message ~= nil then
    return condition.reason .. ": " .. condition.message
  end
  return condition.message or condition.reason or fallback
end

if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Being deleted: Costguard restores the workloads it changed before letting go"
  return hs
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Costguard operator to reconcile"
  return hs
end

local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the Costguard operator to observe generation " .. tostring(generation)
  return hs
end

local conditions = obj.status.conditions
local ready = conditionOf(conditions, "Ready")
local stalled = conditionOf(conditions, "Stalled")
local degraded = conditionOf(conditions, "Degraded")

if isTrue(stalled) then
  hs.status = "Degraded"
  hs.message = explain(stalled, "Stalled")
  return hs
end

if ready ~= nil and ready.status == "False" then
  hs.status = "Degraded"
  hs.message = explain(ready, "Not ready")
  return hs
end

if isTrue(degraded) then
  hs.status = "Degraded"
  hs.message = explain(degraded, "Degraded")
  return hs
end

local reconciling = conditionOf(conditions, "Reconciling")
if isTrue(reconciling) then
  hs.status = "Progressing"
  hs.message = explain(reconciling, "Reconciling")
  return hs
end

if ready == nil or ready.status ~= "True" then
  hs.status = "Progressing"
  hs.message = (ready ~= nil and ready.message) or "Waiting for the Ready condition"
  return hs
end

hs.status = "Healthy"
hs.message = ready.message or "Ready"
local exceeded = conditionOf(conditions, "BudgetExceeded")
local atRisk = conditionOf(conditions, "BudgetAtRisk")
if isTrue(exceeded) then
  hs.message = "Budget exceeded: " .. (exceeded.message or "spent is at or over the limit")
elseif isTrue(atRisk) then
  hs.message = "Budget at risk: " .. (atRisk.message or "forecast is over the limit")
end
return hs
