# Build: docker build -t ctecskills .
# Run (embedded SQLite, data on a volume):  docker run -p 8080:8080 -v ctec-data:/data ctecskills
# Run on PostgreSQL:  docker run -p 8080:8080 -e Database__Provider=Postgres \
#   -e ConnectionStrings__Default="Host=db;Database=ctecskills;Username=ctec;Password=…" ctecskills
# Other settings (Sms__Sender, Sms__GatewayUrl, Sms__GatewaySecret, Proxy__TrustForwardedHeaders) are in README.md.

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
    ConnectionStrings__Default="Data Source=/data/ctecskills.db"
# The aspnet image ships a non-root user "app"; the SQLite file and its WAL live on the volume.
RUN mkdir -p /data && chown app:app /data
VOLUME /data
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet", "CtecSkills.Web.dll"]
