package org.ipaward.server.calculator;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The public policy calculator (政策计算器): no sign-in, nothing stored, no ledger. */
@RestController
@Tag(name = "政策计算器 Calculator")
public class CalculatorController {
    private final PublicCalculator calculator;

    public CalculatorController(PublicCalculator calculator) {
        this.calculator = calculator;
    }

    @PostMapping("/api/public/calculate")
    @Operation(
            summary = "政策计算器：按政策测算各事项能否获得奖补、金额多少及计算过程（不保存）",
            description =
                    "Calculate awards for a described subject and claims under a policy in use; nothing is stored")
    public Map<String, Object> calculate(@RequestBody PublicCalculator.CalculateRequest req) {
        return calculator.calculateToWrite(req);
    }
}
