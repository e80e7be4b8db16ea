package dev.dos.emulator.independent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.Exchange;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import discord4j.discordjson.Id;
import discord4j.discordjson.json.AttachmentData;
import discord4j.discordjson.json.ChannelData;
import discord4j.discordjson.json.GuildUpdateData;
import discord4j.discordjson.json.MessageCreateRequest;
import discord4j.discordjson.json.MessageData;
import discord4j.discordjson.json.StartThreadWithoutMessageRequest;
import discord4j.discordjson.json.UserData;
import discord4j.rest.RestClient;
import discord4j.rest.http.client.ClientException;
import discord4j.rest.request.RouterOptions;
import discord4j.rest.util.MultipartRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An independent client, Discord4J's REST module, runs a bot's everyday scenario against the
 * emulator with Discord's rate limits on. Nobody here wrote Discord4J and it works against the
 * real Discord, so whatever fails here is an emulator bug (../shared/discord-api.md, "Independent
 * clients"): never loosen a step to make it pass.
 */
class Discord4jScenarioTest {
    /** Discord's limits, their windows five times faster: message create allows 5 per second, not per 5 s. */
    private static final RateLimitConfig DISCORD_LIMITS = RateLimitConfig.discordDefaults().toBuilder()
            .timeScale(5).build();
    private static final int MESSAGES = 12;
    private static final int UNBOOSTED_UPLOAD_LIMIT = 10 * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** How Discord4J introduces itself: {@code DiscordBot(https://discord4j.com, 3.3.0)}. */
    private static final String DISCORD4J_USER_AGENT = "DiscordBot(https://discord4j.com, ";

    private final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
    private DiscordEmulator emulator;
    private RestClient discord;

    @BeforeEach
    void startEmulator() throws IOException {
        emulator = DiscordEmulator.start(EmulatorConfig.builder()
                .port(0)
                .dataDir(null)
                .premiumTier(0)
                .rateLimits(DISCORD_LIMITS)
                .faults(FaultConfig.none())
                .seed(42)
                .exchangeListener(exchanges::add)
                .build());
        discord = discord4j(emulator.token());
    }

    @AfterEach
    void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void aBotsEverydayScenarioWorksUnchangedThroughDiscord4j() throws Exception {
        // 1. Who am I?
        UserData self = await(discord.getSelf());
        assertThat(self.bot().toOptional()).contains(true);
        assertThat(self.username()).isNotBlank();

        // 2. The guild and its channels.
        long guildId = Long.parseLong(emulator.guildId());
        GuildUpdateData guild = await(discord.getGuildService().getGuild(guildId));
        assertThat(guild.id().asString()).isEqualTo(emulator.guildId());
        assertThat(guild.premiumTier()).isZero();
        List<ChannelData> channels = awaitAll(discord.getGuildService().getGuildChannels(guildId));
        assertThat(channels).extracting(c -> c.name().get()).contains("storage", "index", "backup");
        long storage = channels.stream().filter(c -> c.name().get().equals("storage")).findFirst()
                .orElseThrow().id().asLong();
        assertThat(Long.toString(storage)).isEqualTo(emulator.channelId("storage"));

        // 3. A public thread in the storage channel.
        ChannelData thread = await(discord.getChannelService().startThreadWithoutMessage(storage,
                StartThreadWithoutMessageRequest.builder().name("discord4j batch").type(11)
                        .autoArchiveDuration(1440).build()));
        assertThat(thread.type()).isEqualTo(11);
        assertThat(thread.parentId().get()).map(id -> id.asLong()).contains(storage);
        long threadId = thread.id().asLong();

        // 4. A dozen messages with one file each, all at once into the thread: more than two
        //    windows of message create, so Discord4J must read the headers and wait.
        List<byte[]> files = IntStream.range(0, MESSAGES).mapToObj(i -> randomBytes(1000 + i * 997, i)).toList();
        List<MessageData> created = awaitAll(Flux.range(0, MESSAGES).flatMapSequential(i ->
                discord.getChannelService().createMessage(threadId,
                        withFile("part " + i, "part-" + i + ".bin", files.get(i)))));
        assertThat(created).hasSize(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            MessageData m = created.get(i);
            assertThat(m.content()).isEqualTo("part " + i);
            assertThat(m.attachments()).hasSize(1);
            assertThat(m.attachments().get(0).filename()).isEqualTo("part-" + i + ".bin");
            assertThat(m.attachments().get(0).size()).isEqualTo(files.get(i).length);
        }
        List<Exchange> creates = exchangesOf("POST /channels/{channel.id}/messages");
        assertThat(creates).as("every create reached the emulator once: none was refused and retried")
                .hasSize(MESSAGES).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
        assertThat(creates).as("windows used up (Discord4J then waited for X-RateLimit-Reset-After)")
                .filteredOn(e -> "0".equals(e.responseHeader("X-RateLimit-Remaining")))
                .hasSize(MESSAGES / DISCORD_LIMITS.messageCreate().limit());

        // 5. The thread's messages, newest first.
        List<MessageData> listed = awaitAll(discord.getChannelService().getMessages(threadId, Map.of("limit", 50)));
        assertThat(listed).extracting(MessageData::id)
                .containsExactlyElementsOf(created.stream().map(MessageData::id)
                        .sorted(Comparator.comparingLong(Id::asLong).reversed())
                        .toList());
        assertThat(listed.get(0).content()).isEqualTo("part " + (MESSAGES - 1));
        assertThat(listed.get(MESSAGES - 1).content()).isEqualTo("part 0");

        // 6. One message read alone.
        int chosen = 7;
        MessageData read = await(discord.getChannelService().getMessage(threadId, created.get(chosen).id().asLong()));
        assertThat(read.id()).isEqualTo(created.get(chosen).id());
        assertThat(read.channelId().asLong()).isEqualTo(threadId);
        assertThat(read.content()).isEqualTo("part " + chosen);

        // 7. Its attachment, downloaded from the CDN link with a plain HTTP client, byte for byte.
        AttachmentData attachment = read.attachments().get(0);
        assertThat(download(attachment.url())).isEqualTo(files.get(chosen));

        // 8. Delete a message; reading it again is 404 Unknown Message.
        long deleted = created.get(0).id().asLong();
        await(discord.getChannelService().deleteMessage(threadId, deleted, null));
        ClientException unknown = failure(() -> discord.getChannelService().getMessage(threadId, deleted));
        assertThat(unknown.getStatus().code()).isEqualTo(404);
        assertThat(errorCode(unknown)).isEqualTo(10008);

        // 9. A client with a bad token is turned away.
        ClientException unauthorized = failure(() -> discord4j("MTIzNDU2Nzg5.bad.token").getSelf());
        assertThat(unauthorized.getStatus().code()).isEqualTo(401);
        assertThat(errorCode(unauthorized)).isEqualTo(0);

        // 10. One byte over the unboosted per-file upload limit is 413 Request entity too large.
        ClientException tooLarge = failure(() -> discord.getChannelService().createMessage(threadId,
                withFile("too big", "big.bin", new byte[UNBOOSTED_UPLOAD_LIMIT + 1])));
        assertThat(tooLarge.getStatus().code()).isEqualTo(413);
        assertThat(errorCode(tooLarge)).isEqualTo(40005);

        assertThat(exchanges).as("no answer was a 429 that Discord4J retried behind our back")
                .noneSatisfy(e -> assertThat(e.status()).isEqualTo(429));
        assertThat(exchanges).as("every API request came from Discord4J")
                .filteredOn(e -> e.kind() == Exchange.Kind.API)
                .allSatisfy(e -> assertThat(e.requestHeader("User-Agent")).startsWith(DISCORD4J_USER_AGENT));
    }

    /** Discord4J's REST client, its base URL pointed at the emulator through the router options. */
    private RestClient discord4j(String token) {
        String baseUrl = emulator.baseUrl();
        return RestClient.restBuilder(token)
                .setExtraOptions(o -> new RouterOptions(o.getToken(), o.getReactorResources(),
                        o.getExchangeStrategies(), o.getResponseTransformers(), o.getGlobalRateLimiter(),
                        o.getRequestQueueFactory(), baseUrl))
                .build();
    }

    /** A message with text and one file, the way Discord4J sends it (multipart, its own part names). */
    private static MultipartRequest<MessageCreateRequest> withFile(String content, String filename, byte[] bytes) {
        MessageCreateRequest message = MessageCreateRequest.builder().content(content).build();
        return MultipartRequest.ofRequest(message).addFile(filename, new ByteArrayInputStream(bytes));
    }

    private List<Exchange> exchangesOf(String route) {
        return exchanges.stream().filter(e -> route.equals(e.route())).toList();
    }

    private static <T> T await(Mono<T> mono) {
        return mono.block(TIMEOUT);
    }

    private static <T> List<T> awaitAll(Flux<T> flux) {
        return flux.collectList().block(TIMEOUT);
    }

    /** The ClientException Discord4J fails the request with. */
    private static ClientException failure(Supplier<Mono<?>> request) {
        ClientException e = catchThrowableOfType(ClientException.class, () -> request.get().block(TIMEOUT));
        assertThat(e).as("the request failed with Discord4J's ClientException").isNotNull();
        return e;
    }

    /** The {@code code} of Discord's error body, as Discord4J parsed it. */
    private static int errorCode(ClientException e) {
        Object code = e.getErrorResponse().orElseThrow().getFields().get("code");
        return ((Number) code).intValue();
    }

    private static byte[] download(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
