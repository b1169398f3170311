package org.ipaward.engine.testing;

import java.math.BigDecimal;
import java.util.List;
import org.ipaward.engine.calc.CalculationRequest;

/** A test case of a policy: a sentence as name, a calculation request, and what each claim must give. */
public record PolicyCase(
        String file,
        int line,
        String name,
        CalculationRequest request,
        List<org.ipaward.engine.calc.LedgerEntry> ledger,
        List<Expectation> expect) {

    /** What one claim must give; {@code null} fields are not checked. */
    public record Expectation(
            String status, BigDecimal amount, List<String> failed, List<String> missing, String tier) {}
}
