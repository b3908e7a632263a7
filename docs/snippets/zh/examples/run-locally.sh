# 在一个放有 main.ts 和 child.ts 的新文件夹中：
npm init -y
npm pkg set type=module
npm install liteyuki-comm
npm install --save-dev typescript @types/node
npx tsc --module nodenext --target es2022 *.ts
node main.js
