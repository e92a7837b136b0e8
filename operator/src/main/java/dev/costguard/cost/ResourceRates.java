package dev.costguard.cost;

import java.math.BigDecimal;

/** Per-hour rates for the three priced resources of a node, in pico-units per integer unit. */
record ResourceRates(PicoRate perMillicore, PicoRate perByte, PicoRate perGpuSlice) {
  static final ResourceRates ZERO = new ResourceRates(PicoRate.ZERO, PicoRate.ZERO, PicoRate.ZERO);

  static final BigDecimal MILLICORES_PER_CORE = BigDecimal.valueOf(1000);
  static final BigDecimal BYTES_PER_GIB = BigDecimal.valueOf(1L << 30);

  /** MIG divides an A100 or H100 into 7 compute slices; whole GPUs count as 7 too. */
  static final int SLICES_PER_GPU = 7;

  /** Rates from amounts per core, per GiB and per whole GPU. */
  static ResourceRates perUnit(BigDecimal perCore, BigDecimal perGiB, BigDecimal perGpu) {
    return new ResourceRates(
        PicoRate.of(perCore, MILLICORES_PER_CORE),
        PicoRate.of(perGiB, BYTES_PER_GIB),
        PicoRate.of(perGpu, BigDecimal.valueOf(SLICES_PER_GPU)));
  }

  /** Pico-units for the given millicores, bytes and GPU slices. */
  long picosFor(long millicores, long bytes, long gpuSlices) {
    return Math.addExact(
        Math.addExact(perMillicore.picosFor(millicores), perByte.picosFor(bytes)),
        perGpuSlice.picosFor(gpuSlices));
  }
}
