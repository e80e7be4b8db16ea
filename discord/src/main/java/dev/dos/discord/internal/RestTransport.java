package dev.dos.discord.internal;

import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.Ticker;
import dev.dos.discord.DiscordSettings;
import dev.dos.discord.RateSettings;
import dev.dos.discord.RestListener;
import dev.dos.discord.RetrySettings;
import dev.dos.discord.api.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sends REST requests to Discord. Every request passes, in order: the {@link InvalidRequestGuard}
 * (stop after bad credentials), the {@link RateLimiter} (wait for the bucket and the global
 * limit), the HTTP exchange, then the response's rate-limit headers are recorded. 429 answers
 * wait out their retry_after and try again; 5xx answers, connection failures and timeouts are
 * retried after {@link Backoff}; anything else is mapped by {@link ErrorMapper} and thrown.
 */
public final class RestTransport implements AutoCloseable {

    public static final String USER_AGENT = "DiscordBot (https://github.com/dos, 0.1)";

    private final String baseUrl;
    private final String authorization;
    private final Duration requestTimeout;
    private final ExecutorService executor;
    private final HttpClient http;
    private final RateLimiter limiter;
    private final InvalidRequestGuard guard;
    private final Backoff backoff;
    private final ErrorMapper errors;
    private final Redactor redactor;
    private final RestListener listener;
    private final Ticker ticker;

    public RestTransport(DiscordSettings settings, RestListener listener, Ticker ticker) {
        this(settings.baseUrl(), settings.token(), settings.retry(), settings.rate(), listener, ticker);
    }

    /** Only what requests need: the base URL, the token, and how to retry and pace. */
    public RestTransport(URI baseUrl, String token, RetrySettings retry, RateSettings rate, RestListener listener,
                         Ticker ticker) {
        this.baseUrl = baseUrl.toString();
        this.authorization = "Bot " + token;
        this.requestTimeout = retry.requestTimeout();
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.http = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(retry.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(versionFor(baseUrl))
                .build();
        this.limiter = new RateLimiter(rate.globalPerSecond(), ticker, listener);
        this.guard = new InvalidRequestGuard(rate.forbiddenStreakLimit(), rate.invalidRequestBudget(), ticker);
        this.backoff = new Backoff(retry);
        this.redactor = new Redactor(token);
        this.errors = new ErrorMapper(redactor);
        this.listener = listener;
        this.ticker = ticker;
    }

    /** Plain http (the emulator) stays on HTTP/1.1: no h2c upgrade dance. */
    private static HttpClient.Version versionFor(URI url) {
        return "https".equals(url.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
    }

    /** Sends {@code call} and reads the JSON answer as {@code type}. */
    public <T> T call(Call call, Class<T> type) throws RemoteException {
        return call(call, type, null);
    }

    /**
     * Sends {@code call} and reads the JSON answer as {@code type}; runs {@code uncertainRetry}
     * (if not null) before retrying an attempt that Discord may have carried out although no answer
     * said so: the connection failed after sending, or a 5xx came back. A caller whose request is
     * not idempotent (creating a thread) can then look for a twin the first attempt made.
     */
    public <T> T call(Call call, Class<T> type, Runnable uncertainRetry) throws RemoteException {
        byte[] body = execute(call, uncertainRetry);
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new RemoteException.Rejected("Discord's answer to " + call.action() + " is not a valid "
                    + type.getSimpleName() + ": " + redactor.redact(firstLine(e.getMessage())));
        }
    }

    /** Sends {@code call}, ignoring any answer body. */
    public void send(Call call) throws RemoteException {
        execute(call, null);
    }

    private byte[] execute(Call call, Runnable uncertainRetry) throws RemoteException {
        String route = call.route().toString();
        for (int attempt = 1; ; attempt++) {
            guard.check();
            RateLimiter.Permit permit;
            try {
                permit = limiter.acquire(call.route().name(), call.major());
            } catch (InterruptedException e) {
                throw interrupted(call, e);
            }
            try {
                guard.check(); // it may have opened while this request waited for its turn
            } catch (RemoteException e) {
                permit.abandon();
                throw e;
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request(call), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                permit.abandon();
                retryOrThrow(call, attempt, describe(e), e);
                if (uncertainRetry != null) {
                    uncertainRetry.run();
                }
                continue;
            } catch (InterruptedException e) {
                permit.abandon();
                throw interrupted(call, e);
            } catch (RuntimeException e) {
                permit.abandon();
                throw e;
            }
            int status = response.statusCode();
            RateLimitInfo info = RateLimitInfo.parse(status, response.headers(), response.body());
            permit.complete(info);
            guard.record(info);
            if (status / 100 == 2) {
                return response.body();
            }
            if (status == 429) {
                listener.rateLimited(route, info.retryAfter(), info.scope());
                if (attempt >= backoff.maxAttempts()) {
                    throw new RemoteException.Transient("Discord kept rate-limiting " + call.action() + " after "
                            + attempt + " attempts (429)", null);
                }
                continue; // the limiter now holds the next attempt back for retry_after
            }
            if (status >= 500) {
                retryOrThrow(call, attempt, "Discord answered " + status, null);
                if (uncertainRetry != null) {
                    uncertainRetry.run();
                }
                continue;
            }
            throw errors.map(call, status, response.body());
        }
    }

    private void retryOrThrow(Call call, int attempt, String reason, Throwable cause) throws RemoteException {
        if (attempt >= backoff.maxAttempts()) {
            throw new RemoteException.Transient(redactor.redact("Discord did not " + call.action() + " after "
                    + attempt + " attempts: " + reason), cause);
        }
        Duration delay = backoff.delay(attempt);
        listener.retrying(call.route().toString(), attempt, delay, reason);
        try {
            ticker.sleep(delay);
        } catch (InterruptedException e) {
            throw interrupted(call, e);
        }
    }

    private HttpRequest request(Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + call.target()))
                .timeout(requestTimeout)
                .header("Authorization", authorization)
                .header("User-Agent", USER_AGENT);
        if (call.body() == null) {
            request.method(call.route().method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", call.body().contentType())
                    .method(call.route().method(), call.body().publisher());
        }
        return request.build();
    }

    private String describe(IOException e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return redactor.redact(e.getClass().getSimpleName() + message).replaceAll("\\s+", " ");
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    private RemoteException interrupted(Call call, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new RemoteException("interrupted while waiting to " + call.action(), e);
    }

    @Override
    public void close() {
        http.close();
        executor.close();
    }
}
