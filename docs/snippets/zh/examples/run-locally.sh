# 在一个放有 main.ts 和 child.ts 的新文件夹中：
npm init -y
npm pkg set type=module
# 在 liteyuki-comm 发布到 npm 之前，请改为安装从仓库构建的压缩包
#（见“快速上手”中的“首次发布之前”）：npm install ../liteyuki-comm/liteyuki-comm-0.1.0.tgz
npm install liteyuki-comm
npm install --save-dev typescript @types/node
npx tsc --module nodenext --target es2022 *.ts
node main.js
