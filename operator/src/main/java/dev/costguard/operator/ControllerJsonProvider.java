package dev.costguard.operator;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Locale;
import net.logstash.logback.composite.AbstractFieldJsonProvider;

/**
 * Adds {@code controller} to JSON log lines written during a reconcile: java-operator-sdk puts the
 * resource's kind in the MDC, and each Costguard controller is named after its kind in lower case
 * ({@code workloadbudget}, {@code scalingpolicy}, ...), as in the operator_sdk_* metrics.
 */
public final class ControllerJsonProvider extends AbstractFieldJsonProvider<ILoggingEvent> {
  public ControllerJsonProvider() {
    setFieldName("controller");
  }

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    String kind = event.getMDCPropertyMap().get("resource.kind");
    if (kind != null && !kind.isBlank()) {
      generator.writeStringField(getFieldName(), kind.toLowerCase(Locale.ROOT));
    }
  }
}
