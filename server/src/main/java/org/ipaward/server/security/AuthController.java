package org.ipaward.server.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.settings.Settings;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api")
@Tag(name = "认证 Authentication")
public class AuthController {
    public record TokenRequest(
            @NotBlank @Size(max = 64) String username,
            @NotBlank @Size(max = 200) String password,
            @Size(max = 100) String name) {}

    public record TokenResponse(String token, @JsonProperty("expires_at") Instant expiresAt, Me user) {}

    public record Me(
            long id,
            String username,
            @JsonProperty("display_name") String displayName,
            List<String> roles,
            @JsonProperty("subject_id") Long subjectId) {
        public static Me of(UserAccount u) {
            return new Me(
                    u.id(),
                    u.username(),
                    u.displayName(),
                    u.roles().stream().map(Enum::name).sorted().toList(),
                    u.subjectId());
        }
    }

    private final AuthenticationConfiguration authConfig;
    private final ApiTokens tokens;
    private final AuditLog audit;
    private final Settings settings;

    public AuthController(AuthenticationConfiguration authConfig, ApiTokens tokens, AuditLog audit, Settings settings) {
        this.authConfig = authConfig;
        this.tokens = tokens;
        this.audit = audit;
        this.settings = settings;
    }

    @PostMapping("/auth/token")
    @Operation(summary = "用用户名和密码换取访问令牌（8 小时有效）", description = "Exchange username and password for a bearer token")
    public TokenResponse token(@Valid @RequestBody TokenRequest req) throws Exception {
        AuthenticationManager manager = authConfig.getAuthenticationManager();
        Authentication auth;
        try {
            auth = manager.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated(req.username(), req.password()));
        } catch (LockedException e) {
            int failures = settings.lockoutMaxFailures();
            int minutes = settings.lockoutMinutes();
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED,
                    "auth.locked",
                    "连续 " + failures + " 次登录失败，账户已锁定 " + minutes + " 分钟",
                    "account locked for " + minutes + " minutes after " + failures + " failed sign-ins");
        } catch (DisabledException e) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "auth.disabled", "账户已停用", "account disabled");
        } catch (BadCredentialsException e) {
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED, "auth.bad_credentials", "用户名或密码错误", "wrong username or password");
        } catch (AuthenticationException e) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "auth.failed", "登录失败", "sign-in failed");
        }
        UserAccount u = (UserAccount) auth.getPrincipal();
        ApiTokens.Issued t = tokens.issue(u.id(), req.name() == null ? "api" : req.name(), ApiTokens.DEFAULT_LIFETIME);
        return new TokenResponse(t.token(), t.expiresAt(), Me.of(u));
    }

    @DeleteMapping("/auth/token")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    @Operation(
            summary = "撤销当前访问令牌（退出 API 登录）",
            description = "Revoke the bearer token this request was made with; it cannot be used again")
    public void revokeToken() {
        UserAccount u = Actor.require();
        String hash = ApiTokens.currentTokenHash()
                .orElseThrow(() -> ApiException.badRequest(
                        "auth.no_token",
                        "此请求未使用访问令牌；浏览器会话请用 POST /logout 退出",
                        "this request was not made with a bearer token; end a browser session with POST /logout"));
        tokens.revokeByHash(hash);
        audit.record("auth.token_revoke", "user", u.id(), Map.of());
    }

    @GetMapping("/me")
    @Operation(summary = "当前用户", description = "The signed-in user")
    public Me me() {
        return Me.of(Actor.require());
    }
}
