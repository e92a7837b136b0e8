package dev.costguard.testing;

import dev.costguard.sandbox.MockCluster;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published CRDs of the job kinds Costguard suspends and admits, as committed verbatim under
 * {@code src/test/resources/third-party-crds} (see the README there for module, version and
 * sha256).
 */
public enum ThirdPartyCrds {
  JOBSET("jobset.x-k8s.io_jobsets.yaml"),
  RAYJOB("ray.io_rayjobs.yaml"),
  PYTORCHJOB("kubeflow.org_pytorchjobs.yaml");

  private static final Map<ThirdPartyCrds, CustomResourceDefinition> PARSED =
      new ConcurrentHashMap<>();

  private final String file;

  ThirdPartyCrds(String file) {
    this.file = file;
  }

  /** The CRD as published, parsed once per test JVM (the files are large). */
  public CustomResourceDefinition crd() {
    return PARSED.computeIfAbsent(this, ThirdPartyCrds::read);
  }

  public String file() {
    return file;
  }

  /** Installs these CRDs into the mock and serves their discovery. */
  public static void install(MockCluster cluster, ThirdPartyCrds... crds) {
    for (ThirdPartyCrds crd : crds) {
      cluster.installCrd(crd.crd());
    }
  }

  private CustomResourceDefinition read() {
    try (InputStream in = ThirdPartyCrds.class.getResourceAsStream("/third-party-crds/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource third-party-crds/" + file);
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
