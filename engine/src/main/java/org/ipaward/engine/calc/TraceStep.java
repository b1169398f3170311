package org.ipaward.engine.calc;

import java.math.BigDecimal;

/** One step of an explanation, in Chinese and English, citing its clause; {@code amount} after the step. */
public record TraceStep(String kind, String zh, String en, String clause, String quote, BigDecimal amount) {}
