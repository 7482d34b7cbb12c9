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
}
