package dev.shinso.diffusion;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a {@link UNet}: image channels and size, the channels at full resolution and the
 * multiplier of each further level (each halves the resolution), the GroupNorm group count, and the
 * number of classes (0: unconditional). Written into checkpoints as metadata so that a checkpoint alone
 * rebuilds its model.
 */
public record UNetConfig(int imageChannels, int imageSize, int baseChannels, int[] channelMult, int groups,
    int numClasses) {
  public UNetConfig {
    if (imageChannels < 1 || imageSize < 1 || baseChannels < 1 || groups < 1 || numClasses < 0 || channelMult.length < 1) {
      throw new IllegalArgumentException("UNetConfig: sizes must be positive (classes ≥ 0), got " + describe(imageChannels,
          imageSize, baseChannels, channelMult, groups, numClasses));
    }
    int size = imageSize;
    for (int i = 0; i < channelMult.length; i++) {
      if (channelMult[i] < 1 || (baseChannels * channelMult[i]) % Math.min(groups, baseChannels * channelMult[i]) != 0) {
        throw new IllegalArgumentException("UNetConfig: every level's channels must be a multiple of groups=" + groups
            + ", got " + describe(imageChannels, imageSize, baseChannels, channelMult, groups, numClasses));
      }
      if (i > 0) size = (size + 1) / 2;
    }
    if (size < 2) {
      throw new IllegalArgumentException("UNetConfig: " + channelMult.length + " levels halve " + imageSize + "×" + imageSize
          + " images below 2×2");
    }
    channelMult = channelMult.clone();
  }

  /** The Fashion-MNIST default: 28×28 grey, 32 channels at 28×28 and 64 at 14×14, 8 groups. */
  public static UNetConfig fashionMnist(int baseChannels, int numClasses) {
    return new UNetConfig(1, 28, baseChannels, new int[] {1, 2}, 8, numClasses);
  }

  @Override
  public int[] channelMult() {
    return channelMult.clone();
  }

  public boolean conditional() {
    return numClasses > 0;
  }

  /** As checkpoint metadata (keys prefixed "unet."). */
  public Map<String, String> toMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("unet.image_channels", Integer.toString(imageChannels));
    m.put("unet.image_size", Integer.toString(imageSize));
    m.put("unet.base_channels", Integer.toString(baseChannels));
    m.put("unet.channel_mult", String.join(",", Arrays.stream(channelMult).mapToObj(Integer::toString).toList()));
    m.put("unet.groups", Integer.toString(groups));
    m.put("unet.num_classes", Integer.toString(numClasses));
    return m;
  }

  public static UNetConfig fromMetadata(Map<String, String> m) {
    try {
      int[] mult = Arrays.stream(m.get("unet.channel_mult").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
      return new UNetConfig(Integer.parseInt(m.get("unet.image_channels")), Integer.parseInt(m.get("unet.image_size")),
          Integer.parseInt(m.get("unet.base_channels")), mult, Integer.parseInt(m.get("unet.groups")),
          Integer.parseInt(m.get("unet.num_classes")));
    } catch (NullPointerException | NumberFormatException e) {
      throw new IllegalArgumentException("the metadata does not describe a U-Net (unet.* keys missing or not numbers): "
          + m.keySet());
    }
  }

  private static String describe(int c, int size, int base, int[] mult, int groups, int classes) {
    return "image_channels=" + c + ", image_size=" + size + ", base_channels=" + base + ", channel_mult="
        + Arrays.toString(mult) + ", groups=" + groups + ", num_classes=" + classes;
  }
}
