/**
 * How requests reach Discord: routes, pacing, retries, error mapping, multipart bodies and CDN
 * downloads. Not an API: only {@code dev.dos.discord} uses these types.
 *
 * <p>Every REST request goes through {@link dev.dos.discord.internal.RestTransport}, the one
 * place that stops on bad credentials ({@link dev.dos.discord.internal.InvalidRequestGuard}),
 * waits for rate limits ({@link dev.dos.discord.internal.RateLimiter}), retries transient
 * failures ({@link dev.dos.discord.internal.Backoff}) and turns Discord's errors into
 * {@link dev.dos.core.remote.RemoteException}s ({@link dev.dos.discord.internal.ErrorMapper}).
 */
package dev.dos.discord.internal;
