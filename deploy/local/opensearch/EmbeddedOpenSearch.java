import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

/**
 * Single-node OpenSearch 2.19 for local development and integration tests, started with plain `java`.
 *
 * <p>It runs {@link Node} directly (no Bootstrap): no security manager, no bootstrap checks, no jar-hell check. The
 * modules that a distribution would load from modules/ are loaded as classpath plugins instead, so modules/ and
 * plugins/ stay empty.
 *
 * <pre>
 * java -cp 'deploy/local/.data/lib/opensearch/*:&lt;classes&gt;' EmbeddedOpenSearch &lt;home&gt; [setting=value ...]
 * </pre>
 *
 * Each extra argument overrides one node setting (e.g. {@code http.port=9201}). SIGTERM closes the node cleanly.
 */
public final class EmbeddedOpenSearch {

  /** Plugins that the distribution ships as modules; the ones whose jar is on the classpath are loaded. */
  static final List<String> CLASSPATH_PLUGINS = List.of(
      "org.opensearch.transport.Netty4Plugin", // transport-netty4-client: HTTP and transport layers
      "org.opensearch.analysis.common.CommonAnalysisPlugin", // analysis-common
      "org.opensearch.painless.PainlessPlugin", // lang-painless
      "org.opensearch.index.mapper.MapperExtrasPlugin", // mapper-extras-client
      "org.opensearch.index.reindex.ReindexPlugin", // reindex-client
      "org.opensearch.join.ParentJoinPlugin", // parent-join-client
      "org.opensearch.ingest.common.IngestCommonPlugin" // ingest-common
  );

  /** Node with classpath plugins; the 2.19 constructor that takes them is protected. */
  static final class LocalNode extends Node {
    LocalNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
      super(environment, plugins, true);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: EmbeddedOpenSearch <home> [setting=value ...]");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath().normalize();

    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("path.home", home.toString());
    settings.put("path.data", home.resolve("data").toString());
    settings.put("path.logs", home.resolve("logs").toString());
    settings.put("cluster.name", "callrecords-local");
    settings.put("node.name", "local-1");
    settings.put("http.host", "127.0.0.1");
    settings.put("http.port", "9200");
    settings.put("transport.host", "127.0.0.1");
    settings.put("transport.port", "9300");
    settings.put("discovery.type", "single-node");
    // A developer disk that is 90% full must not turn the local indices read-only.
    settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
    // Every test file creates its own prefixed indexes (and the aggregator's contributions index has
    // three shards), and the stack stays up between runs: the default 1,000 open shards per node is
    // reached within a few full test runs.
    settings.put("cluster.max_shards_per_node", "20000");
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq <= 0) {
        System.err.println("EmbeddedOpenSearch: expected setting=value, got: " + args[i]);
        System.exit(2);
      }
      settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }

    Settings.Builder builder = Settings.builder();
    settings.forEach(builder::put);
    Path config = home.resolve("config");
    Files.createDirectories(config);
    String nodeName = settings.get("node.name");
    Environment environment =
        InternalSettingsPreparer.prepareEnvironment(builder.build(), Collections.emptyMap(), config, () -> nodeName);
    // The plugin service insists on both directories; they stay empty (everything comes from the classpath).
    Files.createDirectories(environment.modulesFile());
    Files.createDirectories(environment.pluginsFile());
    Files.createDirectories(environment.logsFile());
    for (Path data : environment.dataFiles()) {
      Files.createDirectories(data);
    }

    Logger log = LogManager.getLogger(EmbeddedOpenSearch.class);
    List<Class<? extends Plugin>> plugins = loadPlugins(log);

    Node node = new LocalNode(environment, plugins);
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        log.info("stopping node [{}]", nodeName);
        node.close();
        if (!node.awaitClose(20, TimeUnit.SECONDS)) {
          log.warn("node did not close within 20s");
        }
        log.info("node [{}] stopped", nodeName);
      } catch (Exception e) {
        log.error("error while stopping the node", e);
      } finally {
        closed.countDown();
        LogManager.shutdown();
      }
    }, "embedded-opensearch-shutdown"));

    try {
      node.start();
    } catch (Throwable t) {
      log.fatal("node failed to start", t);
      System.err.println("EmbeddedOpenSearch: node failed to start: " + t);
      Runtime.getRuntime().halt(1);
    }
    log.info("node [{}] started: http {}:{}, transport {}:{}, home {}", nodeName, settings.get("http.host"),
        settings.get("http.port"), settings.get("transport.host"), settings.get("transport.port"), home);
    // Most node threads are daemons: keep the JVM alive until the shutdown hook has closed the node.
    closed.await();
  }

  @SuppressWarnings("unchecked")
  static List<Class<? extends Plugin>> loadPlugins(Logger log) {
    List<Class<? extends Plugin>> plugins = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    ClassLoader loader = EmbeddedOpenSearch.class.getClassLoader();
    for (String name : CLASSPATH_PLUGINS) {
      try {
        plugins.add((Class<? extends Plugin>) Class.forName(name, false, loader));
      } catch (ClassNotFoundException e) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      log.warn("classpath plugins not found (jar not resolved?): {}", missing);
    }
    log.info("classpath plugins: {}", plugins.stream().map(Class::getSimpleName).toList());
    return plugins;
  }
}
