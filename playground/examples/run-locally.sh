# In a new folder that holds main.ts and child.ts:
npm init -y
npm pkg set type=module
npm install liteyuki-comm
npm install --save-dev typescript @types/node
npx tsc --module nodenext --target es2022 *.ts
node main.js
