package org.ipaward.bench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.calc.Status;

/** Checks that the engine and the hand-written rules give the same answer on every benchmark input. */
public final class Agreement {
    private Agreement() {}

    /** One input on which the two disagree. */
    public record Mismatch(String rule, int index, String engine, String handWritten) {}

    /** Every disagreement between the engine and the hand-written rules; empty when they agree throughout. */
    public static List<Mismatch> mismatches(
            Calculator calculator,
            List<BenchInputs.IntensiveCase> intensive,
            List<BenchInputs.PledgeCase> pledge,
            List<BenchInputs.ForeignCase> foreign) {
        List<Mismatch> out = new ArrayList<>();
        compare(
                calculator,
                "JD-patent-intensive",
                intensive,
                BenchInputs.IntensiveCase::request,
                c -> HandWritten.intensive(c.input()),
                out);
        compare(
                calculator,
                "PG-pledge",
                pledge,
                BenchInputs.PledgeCase::request,
                c -> HandWritten.pledge(c.input()),
                out);
        compare(
                calculator,
                "JD-litigation-foreign",
                foreign,
                BenchInputs.ForeignCase::request,
                c -> HandWritten.foreign(c.input()),
                out);
        return out;
    }

    /** Throws when the engine and the hand-written rules disagree anywhere. */
    public static void check(
            Calculator calculator,
            List<BenchInputs.IntensiveCase> intensive,
            List<BenchInputs.PledgeCase> pledge,
            List<BenchInputs.ForeignCase> foreign) {
        List<Mismatch> m = mismatches(calculator, intensive, pledge, foreign);
        if (!m.isEmpty()) {
            throw new IllegalStateException("the engine and the hand-written rules disagree: " + m);
        }
    }

    private static <C> void compare(
            Calculator calculator,
            String rule,
            List<C> cases,
            Function<C, CalculationRequest> request,
            Function<C, BigDecimal> handWritten,
            List<Mismatch> out) {
        for (int i = 0; i < cases.size(); i++) {
            C c = cases.get(i);
            ClaimResult r = calculator.calculate(request.apply(c)).results().get(0);
            BigDecimal hand = handWritten.apply(c);
            String engine = r.status() == Status.ELIGIBLE
                    ? r.amount().toPlainString()
                    : r.status().id();
            String mine = hand == null ? Status.NOT_ELIGIBLE.id() : hand.toPlainString();
            boolean same = r.status() == Status.ELIGIBLE
                    ? hand != null
                            && hand.compareTo(r.amount()) == 0
                            && hand.scale() == r.amount().scale()
                    : r.status() == Status.NOT_ELIGIBLE && hand == null;
            if (!same) {
                out.add(new Mismatch(rule, i, engine, mine));
            }
        }
    }
}
