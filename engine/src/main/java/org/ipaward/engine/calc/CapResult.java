package org.ipaward.engine.calc;

import java.math.BigDecimal;
import org.ipaward.engine.model.Text;

/** How a cap was held: its limit, what the scope had used, the room left, and whether it reduced the amount. */
public record CapResult(
        String id, Text text, String kind, BigDecimal limit, BigDecimal used, BigDecimal remaining, boolean bound) {}
