package org.fgsbir.jobs.tf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TString;

/**
 * A SavedModel loaded at most once per JVM per (local folder, tags, folder contents), shared by every task of an
 * executor: the graph and the signatures are loaded once and never unloaded; each task opens its own
 * {@link Session} on the shared graph ({@link #openSession}) with its own threads and device, restores
 * the variables into it with the SavedModel's own saver (its {@code saver_def} restore op, fed the
 * {@code variables/variables} prefix) and runs the model's init op as TensorFlow's SavedModel loader
 * does, then closes it when the task ends. A task thus pays a session and a variable restore, not a
 * graph import, and the native memory of a closed session is freed.
 */
final class SharedSavedModel {
  private static final Map<Key, SharedSavedModel> LOADED = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();
  private static final AtomicInteger SESSIONS_CREATED = new AtomicInteger();
  private static final AtomicInteger SESSIONS_OPEN = new AtomicInteger();

  /** The folder's files with sizes and modification times, so a model re-exported in place loads anew. */
  private record Key(Path dir, List<String> tags, String fingerprint) {}

  private final Path dir;
  private final SavedModelBundle bundle;
  private final Map<String, Signature> signatures = new HashMap<>();

  private SharedSavedModel(Path dir, SavedModelBundle bundle) {
    this.dir = dir;
    this.bundle = bundle;
    bundle.signatures().forEach(s -> signatures.put(s.key(), s));
  }

  /**
   * The model in {@code dir} with {@code tags}, loaded on the first call in this JVM (with
   * {@code loadConfig}: the loader's own session restores the variables once, to check them) and
   * shared afterwards. A failed load is not remembered: the next call tries again.
   */
  static SharedSavedModel of(Path dir, List<String> tags, org.tensorflow.proto.ConfigProto loadConfig) {
    Path folder = dir.toAbsolutePath().normalize();
    Key key = new Key(folder, List.copyOf(tags), fingerprint(folder));
    return LOADED.computeIfAbsent(key, k -> {
      SavedModelBundle bundle = SavedModelBundle.loader(k.dir().toString())
          .withTags(k.tags().toArray(String[]::new)).withConfigProto(loadConfig).load();
      // The loader's session is not used for inference: free its copy of the variables and its threads.
      bundle.session().close();
      LOADS.incrementAndGet();
      return new SharedSavedModel(k.dir(), bundle);
    });
  }

  private static String fingerprint(Path dir) {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.append(dir.relativize(f)).append(' ').append(Files.size(f)).append(' ')
            .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list TensorFlow model folder " + dir + ": " + e.getMessage(), e);
    }
    return out.toString();
  }

  /** Model loads in this JVM. */
  static int loads() {
    return LOADS.get();
  }

  /** Sessions opened in this JVM. */
  static int sessionsCreated() {
    return SESSIONS_CREATED.get();
  }

  /** Sessions open now. */
  static int sessionsOpen() {
    return SESSIONS_OPEN.get();
  }

  /** The model's signatures by key. */
  Map<String, Signature> signatures() {
    return signatures;
  }

  /** The shared graph. */
  Graph graph() {
    return bundle.graph();
  }

  /**
   * A new session on the shared graph with {@code config}, variables restored and init op run; the
   * caller closes it.
   */
  TaskSession openSession(org.tensorflow.proto.ConfigProto config) {
    MetaGraphDef meta = bundle.metaGraphDef();
    // autoInit off: TF Java registers the SavedModel's init op as a graph initializer, and auto-running
    // it would run it before the restore; TensorFlow's loader restores first, then runs it.
    Session session = new Session(bundle.graph(), false /* autoInit */, config);
    try {
      SaverDef saver = meta.getSaverDef();
      if (saver.getRestoreOpName().isEmpty()) {
        session.initialize(); // no variables: just the registered init and table ops
      } else {
        // Feeds the prefix to the saver_def's filename tensor, runs its restore op, and marks the graph's
        // initializers as run (they are run here, in TensorFlow's order).
        session.restore(dir.resolve("variables").resolve("variables").toString());
        String initOp = initOp(meta);
        if (initOp != null) {
          Session.Runner init = session.runner().addTarget(initOp);
          Map<String, Tensor> assets = new HashMap<>();
          try {
            for (AssetFileDef asset : meta.getAssetFileDefList()) {
              TString path = TString.scalarOf(dir.resolve("assets").resolve(asset.getFilename()).toString());
              assets.put(asset.getTensorInfo().getName(), path);
              init.feed(asset.getTensorInfo().getName(), path);
            }
            init.run();
          } finally {
            assets.values().forEach(Tensor::close);
          }
        }
        CollectionDef tables = meta.getCollectionDefMap().get("table_initializer");
        if (tables != null && tables.getNodeList().getValueCount() > 0) {
          Session.Runner runner = session.runner();
          tables.getNodeList().getValueList().forEach(runner::addTarget);
          runner.run();
        }
      }
    } catch (RuntimeException e) {
      session.close();
      throw new IllegalStateException("Cannot restore the variables of TensorFlow model " + dir + " into a new"
          + " session: " + e.getMessage() + "; check that variables/ is complete and matches saved_model.pb.", e);
    }
    SESSIONS_CREATED.incrementAndGet();
    SESSIONS_OPEN.incrementAndGet();
    return new TaskSession(session);
  }

  /** The init op TensorFlow's loader runs after the restore ({@code __saved_model_init_op} or the main op). */
  private static String initOp(MetaGraphDef meta) {
    SignatureDef init = meta.getSignatureDefMap().get("__saved_model_init_op");
    if (init != null && init.getOutputsMap().containsKey("__saved_model_init_op")) {
      return opName(init.getOutputsMap().get("__saved_model_init_op").getName());
    }
    for (String collection : List.of("saved_model_main_op", "legacy_init_op")) {
      CollectionDef ops = meta.getCollectionDefMap().get(collection);
      if (ops != null && ops.getNodeList().getValueCount() > 0) {
        return opName(ops.getNodeList().getValue(0));
      }
    }
    return null;
  }

  private static String opName(String tensorOrOp) {
    String name = tensorOrOp.startsWith("^") ? tensorOrOp.substring(1) : tensorOrOp;
    int colon = name.lastIndexOf(':');
    return colon > 0 ? name.substring(0, colon) : name;
  }

  /** One task's session on the shared graph; {@link #close()} frees it (idempotent). */
  static final class TaskSession implements AutoCloseable {
    private final Session session;
    private boolean closed;

    private TaskSession(Session session) {
      this.session = Objects.requireNonNull(session);
    }

    Session session() {
      return session;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        session.close();
        SESSIONS_OPEN.decrementAndGet();
      }
    }
  }
}
