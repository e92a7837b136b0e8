# Costguard operator image.
#
#   mvn -B package -DskipTests            # builds operator/target/costguard-operator.jar
#   docker build -t ghcr.io/costguard/costguard-operator:0.1.0 .
#
# The jar is built outside the image (one Maven build for tests and image, no Maven in the
# image). The chart runs it with a read-only root file system, as UID 65532, with /tmp an
# emptyDir; nothing here needs more.
FROM eclipse-temurin:17-jre

# a fixed non-root user, matching the chart's runAsUser/runAsGroup (65532, the "nonroot" of
# distroless images); the image never needs root at run time
RUN groupadd --system --gid 65532 costguard \
 && useradd --system --uid 65532 --gid 65532 --home-dir /app --no-create-home --shell /usr/sbin/nologin costguard

COPY --chown=0:0 --chmod=0444 operator/target/costguard-operator.jar /app/costguard-operator.jar

USER 65532:65532
WORKDIR /app
EXPOSE 8080

# ExitOnOutOfMemoryError: a JVM out of memory exits and Kubernetes restarts it, instead of
# limping on with dead threads. MaxRAMPercentage: heap sized from the container memory limit.
# java.io.tmpdir: the only writable path (an emptyDir in the chart). Extra options:
# JAVA_TOOL_OPTIONS (the chart's operator.javaOptions).
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=75", "-Djava.io.tmpdir=/tmp", "-jar", "/app/costguard-operator.jar"]
CMD ["run"]
