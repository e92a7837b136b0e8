package dev.costguard.operator;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

/** Switches logback between the text and json appenders of logback.xml at start-up. */
final class LogFormats {
  private LogFormats() {}

  static void select(RunCommand.LogFormat format) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    context.putProperty("COSTGUARD_LOG_FORMAT", format.name());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(LogFormats.class.getResource("/logback.xml"));
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure logging", e);
    }
  }
}
