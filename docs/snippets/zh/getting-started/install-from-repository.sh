# 在项目文件夹（这里是 my-bot）旁边，从仓库构建这两个包
git clone https://github.com/LiteyukiStudio/liteyuki-comm.git
cd liteyuki-comm
npm ci
npm pack -w liteyuki-comm -w liteyuki-comm-redis
# 把压缩包安装到你的项目中（集群还需要 liteyuki-comm-redis-0.1.0.tgz）
cd ../my-bot
npm install ../liteyuki-comm/liteyuki-comm-0.1.0.tgz
