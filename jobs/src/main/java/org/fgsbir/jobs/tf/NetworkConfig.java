package org.fgsbir.jobs.tf;

import java.util.List;

/**
 * Shape of the two-branch embedding network: input sides, embedding dimension, convolution widths
 * (one 3x3 conv + batch norm + ReLU block per width, 2x2 max pooling between blocks, global average
 * pooling after the last) and the seed of the initial weights.
 *
 * @param photoSize photo input side (RGB, NHWC)
 * @param sketchSize sketch input side (1 channel, NHWC)
 * @param dimension embedding dimension
 * @param widths output channels of each convolution block
 * @param seed seed of the weight initialisation
 */
public record NetworkConfig(int photoSize, int sketchSize, int dimension, List<Integer> widths, long seed) {

  /** Validates the values. */
  public NetworkConfig {
    if (photoSize < 8 || sketchSize < 8) {
      throw new IllegalArgumentException("input sizes must be >= 8 but were photo " + photoSize + ", sketch "
          + sketchSize);
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("embedding dimension must be >= 1 but was " + dimension);
    }
    widths = List.copyOf(widths);
    if (widths.isEmpty() || widths.stream().anyMatch(w -> w < 1)) {
      throw new IllegalArgumentException("convolution widths must be a non-empty list of positive counts but were "
          + widths);
    }
  }

  /** The default widths: four blocks of 32, 64, 128 and 256 channels (about 0.4 M weights per branch). */
  public static List<Integer> defaultWidths() {
    return List.of(32, 64, 128, 256);
  }

  /** Number of trainable weights in one branch with {@code channels} input channels. */
  public long parameterCount(int channels) {
    long count = 0;
    int in = channels;
    for (int w : widths) {
      count += 9L * in * w + 2L * w;
      in = w;
    }
    return count + (long) in * dimension + dimension;
  }
}
