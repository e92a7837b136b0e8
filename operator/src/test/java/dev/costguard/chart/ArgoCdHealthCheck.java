package dev.costguard.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The chart's Argo CD health check ({@code files/argocd-health.lua}) run by a real Lua interpreter
 * (LuaJ) the way Argo CD runs it: the object as the global {@code obj}, a table with {@code status}
 * and {@code message} back.
 */
public final class ArgoCdHealthCheck {
  /** Argo CD's verdict on one object. */
  public record Health(String status, String message) {}

  private ArgoCdHealthCheck() {}

  public static Path script() {
    return HelmChart.chartDir().resolve("files/argocd-health.lua");
  }

  /** The health of an object given as its JSON tree (maps, lists, strings, numbers, booleans). */
  public static Health of(Map<String, Object> object) {
    try {
      Globals globals = JsePlatform.standardGlobals();
      globals.set("obj", toLua(object));
      LuaValue hs = globals.load(Files.readString(script()), "argocd-health.lua").call();
      return new Health(hs.get("status").optjstring(null), hs.get("message").optjstring(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs a Lua file with {@code arg[0]} set to it, as the {@code lua} command would; returns its
   * result.
   */
  static LuaValue runFile(Path file) {
    Globals globals = JsePlatform.standardGlobals();
    LuaTable arg = new LuaTable();
    arg.set(0, LuaValue.valueOf(file.toString()));
    globals.set("arg", arg);
    return globals.loadfile(file.toString()).call();
  }

  private static LuaValue toLua(Object value) {
    if (value == null) {
      return LuaValue.NIL;
    }
    if (value instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable();
      map.forEach((k, v) -> table.set(String.valueOf(k), toLua(v)));
      return table;
    }
    if (value instanceof List<?> list) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < list.size(); i++) {
        table.set(i + 1, toLua(list.get(i)));
      }
      return table;
    }
    if (value instanceof Boolean b) {
      return LuaValue.valueOf(b);
    }
    if (value instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    }
    return LuaValue.valueOf(String.valueOf(value));
  }
}
