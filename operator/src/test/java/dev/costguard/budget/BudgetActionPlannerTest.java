package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.costguard.api.v1alpha1.BudgetAction;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.kube.OriginalState;
import dev.costguard.kube.ProtectedNamespaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which workloads get which action. The fleet, in namespace {@code ml} unless said otherwise:
 * Deployment api (4 replicas, a ScalingPolicy with minReplicas 2 and spot.eligible), Deployment web
 * (6 replicas, HPA 2..10), StatefulSet pg (3), Deployment spotty (1, labelled spot-eligible),
 * Deployment gold (2, label tier=gold), Deployment db (2, critical), CronJob nightly, Job train-1
 * (running) and train-0 (complete), kube-system/dns and other/x (not in scope), and a Karpenter
 * spot node plus a tainted GKE spot node.
 */
class BudgetActionPlannerTest {
  private static final String BUDGET = "ml-daily";

  static Stream<Arguments> plans() {
    return Stream.of(
        scenario("nothing in force: nothing to do", List.of(), fleet -> {}, false)
            .holds()
            .inForce(),
        scenario(
                "Notify alone touches no workload",
                List.of(BudgetAction.Notify),
                fleet -> {},
                false)
            .holds()
            .inForce(),
        scenario(
                "BlockScaleUp lists every scalable and caps the HPA at its replicas",
                List.of(BudgetAction.BlockScaleUp),
                fleet -> {},
                false)
            .holds("BlockScaleUp HorizontalPodAutoscaler ml/web /spec/maxReplicas=6")
            .inForce(
                "BlockScaleUp Deployment ml/api",
                "BlockScaleUp Deployment ml/gold",
                "BlockScaleUp Deployment ml/spotty",
                "BlockScaleUp Deployment ml/web",
                "BlockScaleUp HorizontalPodAutoscaler ml/web",
                "BlockScaleUp StatefulSet ml/pg"),
        scenario(
                "KEDA's own HPA is never capped: KEDA would rewrite it",
                List.of(BudgetAction.BlockScaleUp),
                fleet -> fleet.ownedByKeda("web"),
                false)
            .holds()
            .inForce(
                "BlockScaleUp Deployment ml/api",
                "BlockScaleUp Deployment ml/gold",
                "BlockScaleUp Deployment ml/spotty",
                "BlockScaleUp Deployment ml/web",
                "BlockScaleUp StatefulSet ml/pg"),
        scenario(
                "ScaleToMinimum: the policy's minimum, else the budget's; the HPA to its own minimum",
                List.of(BudgetAction.ScaleToMinimum),
                fleet -> {},
                false)
            .holds(
                "ScaleToMinimum Deployment ml/api /spec/replicas=2",
                    "ScaleToMinimum Deployment ml/gold /spec/replicas=1",
                "ScaleToMinimum HorizontalPodAutoscaler ml/web /spec/maxReplicas=2",
                    "ScaleToMinimum StatefulSet ml/pg /spec/replicas=1")
            .inForce(
                "ScaleToMinimum Deployment ml/api", "ScaleToMinimum Deployment ml/gold",
                "ScaleToMinimum HorizontalPodAutoscaler ml/web",
                    "ScaleToMinimum StatefulSet ml/pg"),
        scenario(
                "Suspend: replicas to zero, CronJobs and running Jobs suspended",
                List.of(BudgetAction.Suspend),
                fleet -> {},
                false)
            .holds(
                "Suspend CronJob ml/nightly /spec/suspend=true",
                "Suspend Deployment ml/api /spec/replicas=0",
                "Suspend Deployment ml/gold /spec/replicas=0",
                "Suspend Deployment ml/spotty /spec/replicas=0",
                "Suspend Deployment ml/web /spec/replicas=0",
                "Suspend Job ml/train-1 /spec/suspend=true",
                "Suspend StatefulSet ml/pg /spec/replicas=0")
            .inForce(
                "Suspend CronJob ml/nightly",
                "Suspend Deployment ml/api",
                "Suspend Deployment ml/gold",
                "Suspend Deployment ml/spotty",
                "Suspend Deployment ml/web",
                "Suspend Job ml/train-1",
                "Suspend StatefulSet ml/pg"),
        scenario(
                "PreferSpot moves the spot-eligible: by label, or by ScalingPolicy",
                List.of(BudgetAction.PreferSpot),
                fleet -> {},
                false)
            .holds(
                "PreferSpot Deployment ml/api /spec/template/spec/affinity",
                "PreferSpot Deployment ml/spotty /spec/template/spec/affinity")
            .inForce("PreferSpot Deployment ml/api", "PreferSpot Deployment ml/spotty"),
        scenario(
                "an exempt selector keeps its workloads out",
                List.of(BudgetAction.Suspend),
                fleet -> fleet.exempt = selector("tier", "gold"),
                false)
            .holds(
                "Suspend CronJob ml/nightly /spec/suspend=true",
                    "Suspend Deployment ml/api /spec/replicas=0",
                "Suspend Deployment ml/spotty /spec/replicas=0",
                    "Suspend Deployment ml/web /spec/replicas=0",
                "Suspend Job ml/train-1 /spec/suspend=true",
                    "Suspend StatefulSet ml/pg /spec/replicas=0")
            .inForce(
                "Suspend CronJob ml/nightly",
                "Suspend Deployment ml/api",
                "Suspend Deployment ml/spotty",
                "Suspend Deployment ml/web",
                "Suspend Job ml/train-1",
                "Suspend StatefulSet ml/pg"),
        scenario(
                "a workload selector narrows to matching pod templates",
                List.of(BudgetAction.Suspend),
                fleet -> fleet.workloadSelector = selector("app", "api"),
                false)
            .holds("Suspend Deployment ml/api /spec/replicas=0")
            .inForce("Suspend Deployment ml/api"),
        scenario(
                "held already: applied once, never written again",
                List.of(BudgetAction.ScaleToMinimum),
                fleet -> fleet.hold("api", BudgetAction.ScaleToMinimum, 4, 2),
                false)
            .holds(
                "ScaleToMinimum Deployment ml/gold /spec/replicas=1",
                "ScaleToMinimum HorizontalPodAutoscaler ml/web /spec/maxReplicas=2",
                "ScaleToMinimum StatefulSet ml/pg /spec/replicas=1")
            .inForce(
                "ScaleToMinimum Deployment ml/api", "ScaleToMinimum Deployment ml/gold",
                "ScaleToMinimum HorizontalPodAutoscaler ml/web",
                    "ScaleToMinimum StatefulSet ml/pg"),
        scenario(
                "held, and a person scaled it since: kept, and said so",
                List.of(BudgetAction.ScaleToMinimum),
                fleet -> fleet.hold("api", BudgetAction.ScaleToMinimum, 4, 2).replicas("api", 3),
                false)
            .holds(
                "ScaleToMinimum Deployment ml/gold /spec/replicas=1",
                "ScaleToMinimum HorizontalPodAutoscaler ml/web /spec/maxReplicas=2",
                "ScaleToMinimum StatefulSet ml/pg /spec/replicas=1")
            .inForce(
                "ScaleToMinimum Deployment ml/api (kept a person's change)",
                    "ScaleToMinimum Deployment ml/gold",
                "ScaleToMinimum HorizontalPodAutoscaler ml/web",
                    "ScaleToMinimum StatefulSet ml/pg"),
        scenario(
                "an action no longer in force is released; the milder one stays",
                List.of(BudgetAction.ScaleToMinimum),
                fleet ->
                    fleet
                        .hold("api", BudgetAction.ScaleToMinimum, 4, 2)
                        .hold("api", BudgetAction.Suspend, 2, 0),
                false)
            .holds(
                "ScaleToMinimum Deployment ml/gold /spec/replicas=1",
                "ScaleToMinimum HorizontalPodAutoscaler ml/web /spec/maxReplicas=2",
                "ScaleToMinimum StatefulSet ml/pg /spec/replicas=1")
            .releases("Suspend Deployment ml/api")
            .inForce(
                "ScaleToMinimum Deployment ml/api", "ScaleToMinimum Deployment ml/gold",
                "ScaleToMinimum HorizontalPodAutoscaler ml/web",
                    "ScaleToMinimum StatefulSet ml/pg"),
        scenario(
                "nothing in force: every hold is released, strongest first",
                List.of(),
                fleet ->
                    fleet
                        .hold("api", BudgetAction.ScaleToMinimum, 4, 2)
                        .hold("api", BudgetAction.Suspend, 2, 0),
                false)
            .holds()
            .releases("Suspend Deployment ml/api", "ScaleToMinimum Deployment ml/api")
            .inForce(),
        scenario(
                "a workload that became exempt is released",
                List.of(BudgetAction.Suspend),
                fleet -> fleet.hold("db", BudgetAction.Suspend, 2, 0),
                false)
            .holds(
                "Suspend CronJob ml/nightly /spec/suspend=true",
                "Suspend Deployment ml/api /spec/replicas=0",
                "Suspend Deployment ml/gold /spec/replicas=0",
                "Suspend Deployment ml/spotty /spec/replicas=0",
                "Suspend Deployment ml/web /spec/replicas=0",
                "Suspend Job ml/train-1 /spec/suspend=true",
                "Suspend StatefulSet ml/pg /spec/replicas=0")
            .releases("Suspend Deployment ml/db")
            .inForce(
                "Suspend CronJob ml/nightly",
                "Suspend Deployment ml/api",
                "Suspend Deployment ml/gold",
                "Suspend Deployment ml/spotty",
                "Suspend Deployment ml/web",
                "Suspend Job ml/train-1",
                "Suspend StatefulSet ml/pg"),
        scenario(
                "another holder's hold is not this budget's to release",
                List.of(),
                fleet -> fleet.holdAs("api", "ShutdownSchedule/nights", 4, 0),
                false)
            .holds()
            .releases()
            .inForce(),
        scenario(
                "dry run: planned, nothing held or released, holds on record reported",
                List.of(BudgetAction.ScaleToMinimum),
                fleet -> fleet.hold("pg", BudgetAction.Suspend, 3, 0),
                true)
            .holds()
            .releases()
            .inForce("Suspend StatefulSet ml/pg")
            .planned(
                "ScaleToMinimum Deployment ml/api",
                "ScaleToMinimum Deployment ml/gold",
                "ScaleToMinimum HorizontalPodAutoscaler ml/web"),
        scenario(
                "an annotation that is not Costguard's: the workload is skipped",
                List.of(BudgetAction.Suspend),
                fleet -> fleet.annotate("api", "{garbage"),
                false)
            .holds(
                "Suspend CronJob ml/nightly /spec/suspend=true",
                    "Suspend Deployment ml/gold /spec/replicas=0",
                "Suspend Deployment ml/spotty /spec/replicas=0",
                    "Suspend Deployment ml/web /spec/replicas=0",
                "Suspend Job ml/train-1 /spec/suspend=true",
                    "Suspend StatefulSet ml/pg /spec/replicas=0")
            .inForce(
                "Suspend CronJob ml/nightly",
                "Suspend Deployment ml/gold",
                "Suspend Deployment ml/spotty",
                "Suspend Deployment ml/web",
                "Suspend Job ml/train-1",
                "Suspend StatefulSet ml/pg")
            .skipped("Deployment ml/api"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void planOf(String scenario, Expectation want) {
    Fleet fleet = new Fleet();
    want.tweak.accept(fleet);
    BudgetActionPlan plan = BudgetActionPlanner.plan(fleet.input(want.actions, want.dryRun));

    assertThat(plan.holds().stream().map(BudgetActionPlannerTest::describe).sorted())
        .containsExactlyElementsOf(sorted(want.holds));
    assertThat(plan.releases().stream().map(r -> r.action() + " " + r.workload()))
        .containsExactlyElementsOf(want.releases);
    assertThat(plan.inForce().stream().map(BudgetActionPlannerTest::describe).sorted())
        .containsExactlyElementsOf(sorted(want.inForce));
    assertThat(plan.planned().stream().map(BudgetActionPlannerTest::describe).sorted())
        .containsExactlyElementsOf(sorted(want.planned));
    assertThat(plan.skipped().stream().map(s -> s.workload().toString()))
        .containsExactlyElementsOf(want.skipped);
    assertThat(plan.affected()).noneMatch(w -> Set.of("db", "dns", "x").contains(w.name()));
  }

  private static String describe(BudgetActionPlan.Hold hold) {
    boolean spot = hold.action() == BudgetAction.PreferSpot;
    return hold.action()
        + " "
        + hold.workload()
        + " "
        + String.join(
            ",",
            hold.changes().entrySet().stream()
                .map(c -> spot ? c.getKey() : c.getKey() + "=" + c.getValue())
                .sorted()
                .toList());
  }

  private static String describe(BudgetActionPlan.Entry entry) {
    return entry.action()
        + " "
        + entry.workload()
        + (entry.keptUserChange() ? " (kept a person's change)" : "");
  }

  private static List<String> sorted(List<String> values) {
    return values.stream().sorted().toList();
  }

  private static LabelSelector selector(String key, String value) {
    LabelSelector selector = new LabelSelector();
    selector.setMatchLabels(Map.of(key, value));
    return selector;
  }

  private static Expectation scenario(
      String name, List<BudgetAction> actions, Consumer<Fleet> tweak, boolean dryRun) {
    return new Expectation(name, actions, tweak, dryRun);
  }

  /** A row of the table, built fluently. */
  static final class Expectation implements Arguments {
    final String name;
    final List<BudgetAction> actions;
    final Consumer<Fleet> tweak;
    final boolean dryRun;
    List<String> holds = List.of();
    List<String> releases = List.of();
    List<String> inForce = List.of();
    List<String> planned = List.of();
    List<String> skipped = List.of();

    Expectation(String name, List<BudgetAction> actions, Consumer<Fleet> tweak, boolean dryRun) {
      this.name = name;
      this.actions = actions;
      this.tweak = tweak;
      this.dryRun = dryRun;
    }

    Expectation holds(String... holds) {
      this.holds = Arrays.asList(holds);
      return this;
    }

    Expectation releases(String... releases) {
      this.releases = Arrays.asList(releases);
      return this;
    }

    Expectation inForce(String... inForce) {
      this.inForce = Arrays.asList(inForce);
      return this;
    }

    Expectation planned(String... planned) {
      this.planned = Arrays.asList(planned);
      return this;
    }

    Expectation skipped(String... skipped) {
      this.skipped = Arrays.asList(skipped);
      return this;
    }

    @Override
    public Object[] get() {
      return new Object[] {name, this};
    }
  }

  /** The fleet of the class comment, which a row may change before planning. */
  static final class Fleet {
    final List<HasMetadata> workloads = new ArrayList<>();
    final List<ScalingPolicy> policies = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();
    LabelSelector exempt;
    LabelSelector workloadSelector;

    Fleet() {
      workloads.add(deployment("ml", "api", 4, Map.of()));
      workloads.add(deployment("ml", "web", 6, Map.of()));
      workloads.add(
          load(
              HorizontalPodAutoscaler.class,
              """
          {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","namespace":"ml"},
           "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":10}}"""));
      workloads.add(
          load(
              StatefulSet.class,
              """
          {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"pg","namespace":"ml"},
           "spec":{"replicas":3,"template":{"metadata":{"labels":{"app":"pg"}},"spec":{"containers":[{"name":"pg"}]}}}}"""));
      workloads.add(deployment("ml", "spotty", 1, Map.of(CostguardApi.SPOT_ELIGIBLE, "true")));
      workloads.add(deployment("ml", "gold", 2, Map.of("tier", "gold")));
      workloads.add(deployment("ml", "db", 2, Map.of(CostguardApi.CRITICAL_LABEL, "true")));
      workloads.add(deployment("kube-system", "dns", 2, Map.of()));
      workloads.add(deployment("other", "x", 2, Map.of()));
      workloads.add(
          load(
              CronJob.class,
              """
          {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"nightly","namespace":"ml"},
           "spec":{"schedule":"0 2 * * *","suspend":false,"jobTemplate":{"spec":{"template":{"metadata":{"labels":{"app":"nightly"}},
           "spec":{"containers":[{"name":"eval"}]}}}}}}"""));
      workloads.add(job("train-1", "{}"));
      workloads.add(job("train-0", "{\"completionTime\":\"2026-06-10T09:00:00Z\"}"));
      policies.add(
          load(
              ScalingPolicy.class,
              """
          {"apiVersion":"costguard.dev/v1alpha1","kind":"ScalingPolicy","metadata":{"name":"api","namespace":"ml"},
           "spec":{"targetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"api"},"minReplicas":2,"maxReplicas":8,
           "spot":{"eligible":true}}}"""));
      nodes.add(
          load(
              Node.class,
              """
          {"apiVersion":"v1","kind":"Node","metadata":{"name":"spot-1","labels":{"karpenter.sh/capacity-type":"spot"}}}"""));
      nodes.add(
          load(
              Node.class,
              """
          {"apiVersion":"v1","kind":"Node","metadata":{"name":"gke-spot-1","labels":{"cloud.google.com/gke-spot":"true"}},
           "spec":{"taints":[{"key":"cloud.google.com/gke-spot","value":"true","effect":"NoSchedule"}]}}"""));
    }

    BudgetActionPlanner.Input input(List<BudgetAction> actions, boolean dryRun) {
      List<HasMetadata> all = workloads;
      return new BudgetActionPlanner.Input(
          BUDGET,
          actions,
          dryRun,
          Set.of("ml", "kube-system"),
          new ProtectedNamespaces(Set.of("costguard-system")),
          workloadSelector,
          exempt,
          1,
          new ObservedWorkloads(
              of(all, Deployment.class),
              of(all, StatefulSet.class),
              of(all, CronJob.class),
              of(all, Job.class),
              of(all, GenericKubernetesResource.class),
              of(all, HorizontalPodAutoscaler.class),
              policies,
              nodes));
    }

    /** Records on the workload that this budget holds {@code /spec/replicas} for the action. */
    Fleet hold(String name, BudgetAction action, int original, int applied) {
      return holdAs(name, BudgetActionPlanner.holder(BUDGET, action), original, applied);
    }

    Fleet holdAs(String name, String holder, int original, int applied) {
      HasMetadata workload = named(name);
      var json = Serialization.jsonMapper().valueToTree(workload);
      ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("spec")).put("replicas", original);
      OriginalState state =
          dev.costguard.kube.WorkloadPatcher.originalStateOf(workload)
              .hold(holder, Map.of("/spec/replicas", IntNode.valueOf(applied)), json);
      annotate(name, state.toAnnotationValue());
      return replicas(name, applied);
    }

    Fleet annotate(String name, String value) {
      named(name).getMetadata().setAnnotations(Map.of(CostguardApi.ORIGINAL_ANNOTATION, value));
      return this;
    }

    Fleet replicas(String name, int replicas) {
      HasMetadata workload = named(name);
      if (workload instanceof Deployment d) {
        d.getSpec().setReplicas(replicas);
      } else if (workload instanceof StatefulSet s) {
        s.getSpec().setReplicas(replicas);
      }
      return this;
    }

    /** The HPA on {@code name} becomes the one KEDA made for a ScaledObject. */
    Fleet ownedByKeda(String name) {
      workloads.stream()
          .filter(
              w -> w instanceof HorizontalPodAutoscaler && w.getMetadata().getName().equals(name))
          .forEach(
              w ->
                  w.getMetadata()
                      .setOwnerReferences(
                          List.of(
                              new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                                  .withApiVersion("keda.sh/v1alpha1")
                                  .withKind("ScaledObject")
                                  .withName(name)
                                  .withUid("keda-" + name)
                                  .build())));
      return this;
    }

    private HasMetadata named(String name) {
      return workloads.stream()
          .filter(
              w ->
                  w.getMetadata().getName().equals(name) && !(w instanceof HorizontalPodAutoscaler))
          .findFirst()
          .orElseThrow();
    }

    private static <T> List<T> of(List<HasMetadata> all, Class<T> kind) {
      return all.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static Deployment deployment(
        String namespace, String name, int replicas, Map<String, String> labels) {
      Deployment deployment =
          load(
              Deployment.class,
              """
          {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s","namespace":"%s"},
           "spec":{"replicas":%d,"template":{"metadata":{"labels":{"app":"%s"}},"spec":{"containers":[{"name":"%s"}]}}}}"""
                  .formatted(name, namespace, replicas, name, name));
      deployment.getMetadata().setLabels(labels);
      return deployment;
    }

    private static Job job(String name, String status) {
      return load(
          Job.class,
          """
          {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"%s","namespace":"ml"},
           "spec":{"template":{"metadata":{"labels":{"app":"train"}},"spec":{"containers":[{"name":"t"}]}}},"status":%s}"""
              .formatted(name, status));
    }

    private static <T> T load(Class<T> type, String json) {
      return Serialization.unmarshal(json, type);
    }
  }
}
