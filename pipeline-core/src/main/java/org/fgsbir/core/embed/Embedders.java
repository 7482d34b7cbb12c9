package org.fgsbir.core.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Opens embedders through the registered {@link EmbedderProvider}s. */
public final class Embedders {
  private Embedders() {}

  /**
   * Opens one branch of the model that {@code spec} describes.
   *
   * @throws IllegalArgumentException if no provider serves {@code spec.engine()}; the message lists the
   *     engines that are available
   */
  public static Embedder open(ModelSpec spec, Branch branch) {
    List<String> known = new ArrayList<>();
    for (EmbedderProvider provider : ServiceLoader.load(EmbedderProvider.class, Embedders.class.getClassLoader())) {
      if (provider.engine().equals(spec.engine())) {
        return provider.open(spec, branch);
      }
      known.add(provider.engine());
    }
    throw new IllegalArgumentException("Unknown embedding engine '" + spec.engine()
        + "'; available engines: " + known + ". Check the model spec's engine name.");
  }

  /**
   * Opens and closes one branch of the model on the calling thread, so that a wrong engine, model file,
   * signature, tensor shape or dimension fails here (on a Spark driver: before any task starts) with the
   * engine's load-time message naming the expected and actual values.
   *
   * @throws IllegalArgumentException (or the engine's own exception) when the branch cannot be opened
   */
  public static void verify(ModelSpec spec, Branch branch) {
    try (Embedder ignored = open(spec, branch)) {
      // opening validates; nothing to embed
    }
  }
}
