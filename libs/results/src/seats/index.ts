export { allocateSeats, type Allocation, type PartyVotes, type SeatMethod } from './seat-allocation';
export { seatSwingMargin, type SeatSwingMargin } from './seat-swing-margin';
