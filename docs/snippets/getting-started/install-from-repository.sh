# Build the packages from the repository, beside your project's folder (here my-bot)
git clone https://github.com/LiteyukiStudio/liteyuki-comm.git
cd liteyuki-comm
npm ci
npm pack -w liteyuki-comm -w liteyuki-comm-redis
# Install the tarball into your project (add liteyuki-comm-redis-0.1.0.tgz for a cluster)
cd ../my-bot
npm install ../liteyuki-comm/liteyuki-comm-0.1.0.tgz
