export { AgentDetailsCard } from './AgentDetailsCard';
