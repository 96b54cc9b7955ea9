# Build: docker build -t ctecskills .
# The image runs as Production, which refuses to start without what keeps sign-in codes and keys safe (README.md,
# "Production"): an SMS gateway, a certificate for the Data Protection keys, the public https address, a pseudonym key.
# Run (embedded SQLite, data on a volume, the certificate on a read-only volume):
#   docker run -p 8080:8080 -v ctec-data:/data -v /etc/ctec:/keys:ro \
#     -e Credentials__PublicBaseUrl=https://ctecskills.cn \
#     -e Sms__Sender=Http -e Sms__GatewayUrl=https://sms.example/send -e Sms__GatewaySecret=… \
#     -e DataProtection__CertificatePath=/keys/dataprotection.pfx -e DataProtection__CertificatePassword=… \
#     -e Facts__PseudonymKey=… ctecskills
# On PostgreSQL add -e Database__Provider=Postgres -e ConnectionStrings__Default="Host=db;Database=ctecskills;Username=ctec;Password=…".
# Behind a load balancer: Proxy__TrustForwardedHeaders=true with Proxy__KnownProxies__0 / Proxy__KnownNetworks__0 (README.md).
# A cluster on PostgreSQL (README.md, "Operations: cluster layout") runs this one image several times with the same
# settings, the role chosen per container: -e Node__Role=Web for the nodes behind the load balancer, -e Node__Role=Worker
# for job workers (no pages; only /healthz and /healthz/live answer). The default, Both, is one machine (and SQLite).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/CtecSkills.Core/CtecSkills.Core.csproj src/CtecSkills.Core/
COPY src/CtecSkills.Migrations.Sqlite/CtecSkills.Migrations.Sqlite.csproj src/CtecSkills.Migrations.Sqlite/
COPY src/CtecSkills.Migrations.Postgres/CtecSkills.Migrations.Postgres.csproj src/CtecSkills.Migrations.Postgres/
COPY src/CtecSkills.Web/CtecSkills.Web.csproj src/CtecSkills.Web/
RUN dotnet restore src/CtecSkills.Web/CtecSkills.Web.csproj
COPY src/ src/
COPY seed/ seed/
RUN dotnet publish src/CtecSkills.Web/CtecSkills.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    Database__Provider=Sqlite \
    ConnectionStrings__Default="Data Source=/data/ctecskills.db" \
    Node__Role=Both
# The aspnet image ships a non-root user "app"; the SQLite file and its WAL live on the volume.
RUN mkdir -p /data && chown app:app /data
VOLUME /data
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet", "CtecSkills.Web.dll"]
