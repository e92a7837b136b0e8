package dev.costguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.costguard.admission.AdmissionPlanner.Candidate;
import dev.costguard.admission.AdmissionPlanner.Decision;
import dev.costguard.admission.AdmissionPlanner.JobRef;
import dev.costguard.admission.AdmissionPlanner.Plan;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.JobAdmission;
import dev.costguard.kube.ClusterView;
import dev.costguard.kube.EventRecorder;
import dev.costguard.kube.JobKind;
import dev.costguard.kube.Timestamps;
import dev.costguard.kube.WorkloadPatch;
import dev.costguard.kube.WorkloadPatcher;
import dev.costguard.kube.WorkloadPriority;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One budget's admission step, as the budget reconciler runs it: read the jobs labelled for the
 * budget, estimate each ({@link JobCostEstimate}), plan ({@link AdmissionPlanner}), then start the
 * admitted ones and tell every waiting job why it waits, through the one {@link WorkloadPatcher} (a
 * merge patch with the job's {@code resourceVersion}). A job is written only when what it should
 * say differs from what it says, so a reconcile with nothing new sends nothing.
 */
public final class Admission {
  private final WorkloadPatcher patcher;
  private final EventRecorder events;

  public Admission(WorkloadPatcher patcher, EventRecorder events) {
    this.patcher = patcher;
    this.events = events;
  }

  /**
   * The budget's money and state as this reconcile sees them.
   *
   * @param selected namespaces the budget selects
   * @param blocked why nothing may start now, if so
   * @param dryRun plan and report, write no job
   * @param perPodHour one pod's cost per hour in the budget's catalog
   */
  public record Budget(
      HasMetadata resource,
      String currency,
      BigDecimal limit,
      BigDecimal spent,
      Set<String> selected,
      Optional<String> blocked,
      boolean dryRun,
      Function<PodSpec, BigDecimal> perPodHour) {
    String name() {
      return resource.getMetadata().getName();
    }
  }

  /**
   * @param status for the budget's {@code status.admission}; null when no job is labelled for it
   * @param admitted jobs started by this run
   * @param queued jobs that began waiting in this run (their annotation said otherwise before)
   */
  public record Outcome(JobAdmission status, List<Decision> admitted, List<Decision> queued) {
    public static final Outcome NONE = new Outcome(null, List.of(), List.of());
  }

  public Outcome run(Budget budget, List<HasMetadata> jobs, Instant now) {
    Map<JobRef, HasMetadata> byRef = new LinkedHashMap<>();
    List<Candidate> candidates = new ArrayList<>();
    for (HasMetadata job : jobs) {
      Optional<JobKind> kind = JobKind.of(job);
      if (kind.isEmpty() || JobKind.managedByKueue(job)) {
        continue; // Kueue admits the jobs it manages
      }
      Candidate candidate = candidate(kind.get(), job, budget);
      byRef.put(candidate.job(), job);
      candidates.add(candidate);
    }
    if (candidates.isEmpty()) {
      return Outcome.NONE;
    }
    Plan plan =
        AdmissionPlanner.plan(
            new AdmissionPlanner.Input(
                budget.limit(),
                budget.spent(),
                budget.dryRun() ? Optional.of(AdmissionPlanner.DRY_RUN) : budget.blocked(),
                now,
                candidates));

    List<Decision> admitted = new ArrayList<>();
    List<Decision> queue = new ArrayList<>(plan.queue());
    List<Decision> queued = new ArrayList<>();
    for (Decision decision : plan.admitNow()) {
      HasMetadata job = byRef.get(decision.candidate().job());
      try {
        admit(budget, job, decision, now);
        admitted.add(decision);
      } catch (KubernetesClientException e) {
        events.warning(
            budget.resource(),
            "AdmissionFailed",
            "admitting " + decision.candidate().job() + " failed: " + why(e));
      }
    }
    if (!budget.dryRun()) {
      for (Decision decision : plan.queue()) {
        HasMetadata job = byRef.get(decision.candidate().job());
        if (patcher.protection().contains(job.getMetadata().getNamespace())) {
          continue; // never written; the budget's status lists it as refused
        }
        try {
          if (tell(budget, job, decision) && decision.state().equals(AdmissionPlanner.QUEUED)) {
            queued.add(decision);
          }
        } catch (KubernetesClientException e) {
          events.warning(
              budget.resource(),
              "AdmissionFailed",
              "annotating " + decision.candidate().job() + " failed: " + why(e));
        }
      }
    }
    List<Decision> stillAdmitted =
        plan.admitted().stream().filter(d -> !d.admitNow() || admitted.contains(d)).toList();
    return new Outcome(status(plan, queue, stillAdmitted), admitted, queued);
  }

  /** Starts the job: its suspend field false, with the admission annotations, in one patch. */
  private void admit(Budget budget, HasMetadata job, Decision decision, Instant now) {
    JobKind kind = JobKind.of(job).orElseThrow();
    Map<String, JsonNode> changes = new LinkedHashMap<>();
    changes.put(kind.suspendPointer(), BooleanNode.FALSE);
    changes.putAll(
        annotations(
            AdmissionPlanner.ADMITTED,
            AdmissionMessages.of(budget.name(), budget.currency(), budget.limit(), decision)));
    changes.put(
        annotation(CostguardApi.ADMITTED_AT_ANNOTATION), TextNode.valueOf(Timestamps.format(now)));
    patcher.set(job, changes);
    String message =
        "WorkloadBudget "
            + budget.name()
            + " admitted "
            + decision.candidate().job()
            + ": "
            + AdmissionMessages.estimate(budget.currency(), decision.priced().orElseThrow());
    events.normal(job, "JobAdmitted", message);
    events.normal(budget.resource(), "JobAdmitted", message);
  }

  /**
   * Writes the job's admission annotations when they differ from what it says now. Returns whether
   * its state changed.
   */
  private boolean tell(Budget budget, HasMetadata job, Decision decision) {
    String message =
        AdmissionMessages.of(budget.name(), budget.currency(), budget.limit(), decision);
    Map<String, String> now =
        Objects.requireNonNullElse(job.getMetadata().getAnnotations(), Map.of());
    if (decision.state().equals(now.get(CostguardApi.ADMISSION_ANNOTATION))
        && message.equals(now.get(CostguardApi.ADMISSION_MESSAGE_ANNOTATION))) {
      return false;
    }
    patcher.set(job, annotations(decision.state(), message));
    boolean stateChanged = !decision.state().equals(now.get(CostguardApi.ADMISSION_ANNOTATION));
    if (stateChanged) {
      if (decision.state().equals(AdmissionPlanner.REFUSED)) {
        events.warning(job, "JobRefused", message);
      } else {
        events.normal(job, "JobQueued", message);
      }
    }
    return stateChanged;
  }

  private static Map<String, JsonNode> annotations(String state, String message) {
    Map<String, JsonNode> changes = new LinkedHashMap<>();
    changes.put(annotation(CostguardApi.ADMISSION_ANNOTATION), TextNode.valueOf(state));
    changes.put(annotation(CostguardApi.ADMISSION_MESSAGE_ANNOTATION), TextNode.valueOf(message));
    return changes;
  }

  private static String annotation(String key) {
    return "/metadata/annotations/" + WorkloadPatch.escape(key);
  }

  private Candidate candidate(JobKind kind, HasMetadata job, Budget budget) {
    var meta = job.getMetadata();
    JobRef ref = new JobRef(kind.name(), meta.getNamespace(), meta.getName());
    Map<String, String> labels = Objects.requireNonNullElse(meta.getLabels(), Map.of());
    Map<String, String> annotations = Objects.requireNonNullElse(meta.getAnnotations(), Map.of());
    JsonNode json = Serialization.jsonMapper().valueToTree(job);
    JobCostEstimate.Result estimate =
        JobCostEstimate.of(
            kind,
            json,
            Optional.ofNullable(annotations.get(CostguardApi.MAX_RUN_TIME_ANNOTATION)),
            budget.perPodHour());
    boolean selected =
        budget.selected().contains(meta.getNamespace())
            && !patcher.protection().contains(meta.getNamespace());
    return new Candidate(
        ref,
        WorkloadPriority.of(labels).orElse(0),
        instant(meta.getCreationTimestamp()).orElse(null),
        kind.suspended(json),
        kind.finished(json),
        admittedAt(annotations.get(CostguardApi.ADMITTED_AT_ANNOTATION)),
        !ClusterView.holdersOf(job).isEmpty(),
        selected,
        estimate);
  }

  /** An integer; anything else counts as the default 0. */
  /** A job Costguard admitted stays admitted, even if a person garbled the annotation. */
  private static Optional<Instant> admittedAt(String value) {
    return value == null ? Optional.empty() : Optional.of(instant(value).orElse(Instant.EPOCH));
  }

  private static Optional<Instant> instant(String value) {
    try {
      return value == null ? Optional.empty() : Optional.of(Timestamps.parse(value));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static JobAdmission status(Plan plan, List<Decision> queue, List<Decision> admitted) {
    JobAdmission status = new JobAdmission();
    BigDecimal reserved =
        admitted.stream().map(Decision::reserved).reduce(BigDecimal.ZERO, BigDecimal::add);
    status.reserved = cents(reserved);
    status.available = cents(plan.available().max(BigDecimal.ZERO));
    status.queue = queue.stream().map(Admission::entry).toList();
    status.admitted = admitted.stream().map(Admission::entry).toList();
    return status;
  }

  private static JobAdmission.Job entry(Decision d) {
    JobAdmission.Job job = new JobAdmission.Job();
    job.kind = d.candidate().job().kind();
    job.namespace = d.candidate().job().namespace();
    job.name = d.candidate().job().name();
    job.state = d.state();
    job.reason = d.reason();
    job.position = d.position();
    job.priority = d.candidate().priority() == 0 ? null : d.candidate().priority();
    job.estimatedCost = d.priced().map(p -> cents(p.total())).orElse(null);
    job.reserved = d.reserved() == null ? null : cents(d.reserved());
    job.admittedAt = d.candidate().admittedAt().map(Timestamps::format).orElse(null);
    return job;
  }

  /** Estimates are shown to the cent: finer would only rewrite status as time passes. */
  static BigDecimal cents(BigDecimal money) {
    return money.setScale(2, RoundingMode.HALF_EVEN);
  }

  private static String why(KubernetesClientException e) {
    return e.getCode() == 409
        ? "the job changed since it was read; retrying on the next evaluation"
        : e.getMessage();
  }
}
