-- Argo CD health check for Costguard resources (PriceCatalog, WorkloadBudget, ScalingPolicy,
-- ShutdownSchedule): the same script for all four kinds, installed through argocd-cm
-- (see argocd-cm.yaml next to this file and the chart README, "GitOps").
--
-- Progressing  the operator has not yet reconciled the latest spec
--              (status.observedGeneration < metadata.generation), or Ready is Unknown / missing
-- Healthy      Ready=True for the current generation
-- Degraded     Ready=False for the current generation (the message says why)
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

local ready = conditionOf(obj.status.conditions, "Ready")
if ready == nil or ready.status == "Unknown" then
  hs.status = "Progressing"
  hs.message = (ready ~= nil and ready.message) or "Waiting for the Ready condition"
  return hs
end

if ready.status == "False" then
  hs.status = "Degraded"
  hs.message = ready.message or ready.reason or "Not ready"
  return hs
end

hs.status = "Healthy"
hs.message = ready.message or "Ready"
local exceeded = conditionOf(obj.status.conditions, "BudgetExceeded")
local atRisk = conditionOf(obj.status.conditions, "BudgetAtRisk")
if exceeded ~= nil and exceeded.status == "True" then
  hs.message = "Budget exceeded: " .. (exceeded.message or "spent is at or over the limit")
elseif atRisk ~= nil and atRisk.status == "True" then
  hs.message = "Budget at risk: " .. (atRisk.message or "forecast is over the limit")
end
return hs
