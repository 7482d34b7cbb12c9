package org.fgsbir.jobs.tf;

import java.util.List;

/**
 * Shape of the two-branch embedding network: input sides, embedding dimension, convolution widths
 * (one 3x3 conv + batch norm + ReLU block per width, 2x2 max pooling between blocks), the spatial grid the
 * last feature map is average-pooled to before the linear projection (1 = global average pooling; a
 * larger grid keeps where features are, which fine-grained retrieval needs) and the seed of the initial
 * weights.
 *
 * @param photoSize photo input side (RGB, NHWC)
 * @param sketchSize sketch input side (1 channel, NHWC)
 * @param dimension embedding dimension
 * @param widths output channels of each convolution block
 * @param grid side of the pooled grid before the projection; must divide the last feature map's side
 * @param seed seed of the weight initialisation
 */
public record NetworkConfig(int photoSize, int sketchSize, int dimension, List<Integer> widths, int grid, long seed) {

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
    for (int size : new int[] {photoSize, sketchSize}) {
      int side = finalSide(size, widths.size());
      if (grid < 1 || side % grid != 0) {
        throw new IllegalArgumentException("pooling grid " + grid + " must divide the last feature map's side " + side
            + " (input " + size + " after " + (widths.size() - 1) + " poolings); choose a grid dividing " + side);
      }
    }
  }

  /** Side of the last feature map for an input of {@code size} (2x2 max pooling, SAME, between blocks). */
  static int finalSide(int size, int blocks) {
    int side = size;
    for (int i = 1; i < blocks; i++) {
      side = (side + 1) / 2;
    }
    return side;
  }

  /** The default widths: four blocks of 32, 64, 128 and 256 channels (0.39 M conv weights per branch). */
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
    return count + (long) in * grid * grid * dimension + dimension;
  }
}
